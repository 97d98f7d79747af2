-- Key changes: a campaign gives meters a pending key (a new key revision, or the next base date for a TID
-- rollover), and each meter's next purchase hands out the key change tokens before its credit tokens, which
-- are then issued under the new key. Each meter of a campaign moves from not started (pending key set) to
-- issued (the key change tokens went out with a vend) to confirmed (the channel confirmed that vend).

create table prepayment.key_change_campaign (
  company_id uuid not null references companies.company (id),
  id uuid not null,
  name text not null check (name <> ''),
  sgc text not null check (sgc ~ '^[0-9]{6}$'),
  ti smallint not null check (ti between 0 and 99),
  krn smallint not null check (krn between 1 and 9),
  kt smallint not null check (kt between 0 and 3),
  ken smallint not null check (ken between 0 and 255),
  base_date date not null check (base_date in ('1993-01-01', '2014-01-01', '2035-01-01')),
  dkga text not null check (dkga in ('02', '04')),
  ea text not null check (ea in ('07', '11')),
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);

alter table prepayment.prepaid_meter
  add column key_change_campaign_id uuid,
  -- The vend that handed out the key change tokens, and when the channel confirmed that vend.
  add column key_change_vend_id uuid,
  add column key_change_confirmed_at timestamptz,
  add foreign key (company_id, key_change_campaign_id)
    references prepayment.key_change_campaign (company_id, id);
create index prepaid_meter_by_campaign on prepayment.prepaid_meter (company_id, key_change_campaign_id)
  where key_change_campaign_id is not null;

-- Key change tokens carry no TID, so their TID is null; they come first in a vend's entry order.
alter table prepayment.vend_token drop constraint vend_token_purpose_check;
alter table prepayment.vend_token add constraint vend_token_purpose_check
  check (purpose in ('key-change', 'credit', 'free-units'));
alter table prepayment.vend_token alter column tid drop not null;
alter table prepayment.vend_token add constraint vend_token_tid_by_purpose
  check ((purpose = 'key-change') = (tid is null));

-- The key a vend replaced, so that reversing the vend (before its tokens were released) restores it.
alter table prepayment.vend
  add column replaced_key jsonb,
  add column replaced_last_tid integer;

select platform.isolate_by_company('prepayment.key_change_campaign');
grant select, insert on prepayment.key_change_campaign to cis_app;
