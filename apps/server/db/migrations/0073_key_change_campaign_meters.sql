-- Each key change campaign keeps its own meters: one row per campaign and meter, with where the meter
-- stands in that campaign. Before, a meter named only its latest campaign, so a meter that moved into a
-- second campaign left the counts of the first.
--
-- The status of a meter in a campaign:
-- - not-started: the campaign's key is the meter's pending key, and the next vend carries its key change
--   tokens. A meter is not started in at most one campaign at a time.
-- - issued: the vend `vend_id` handed out the key change tokens, and the channel has not confirmed it.
-- - confirmed: the channel confirmed that vend (`confirmed_at` is its release).
-- - superseded: the later campaign `superseded_by` took the meter before this campaign's tokens went out.
-- - cancelled: the campaign was cancelled before the meter's tokens went out, and its pending key cleared.
-- Reversing the vend that carried the tokens puts the meter back to not-started, or to superseded or
-- cancelled when a later campaign or the cancellation came in the meantime.

alter table prepayment.key_change_campaign
  add column status text not null default 'active' check (status in ('active', 'cancelled')),
  add column cancelled_at timestamptz,
  add column cancellation_reason text check (length(cancellation_reason) between 1 and 300),
  add check ((status = 'cancelled') = (cancelled_at is not null)),
  add check ((status = 'cancelled') = (cancellation_reason is not null));

create table prepayment.key_change_campaign_meter (
  company_id uuid not null,
  campaign_id uuid not null,
  meter_id uuid not null,
  status text not null default 'not-started'
    check (status in ('not-started', 'issued', 'confirmed', 'superseded', 'cancelled')),
  vend_id uuid,
  superseded_by uuid,
  created_at timestamptz not null default now(),
  issued_at timestamptz,
  confirmed_at timestamptz,
  superseded_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (company_id, campaign_id, meter_id),
  foreign key (company_id, campaign_id) references prepayment.key_change_campaign (company_id, id),
  foreign key (company_id, meter_id) references prepayment.prepaid_meter (company_id, meter_id),
  foreign key (company_id, vend_id) references prepayment.vend (company_id, id),
  foreign key (company_id, superseded_by) references prepayment.key_change_campaign (company_id, id),
  check ((status in ('issued', 'confirmed')) = (vend_id is not null)),
  check ((status in ('issued', 'confirmed')) = (issued_at is not null)),
  check ((status = 'confirmed') = (confirmed_at is not null)),
  check ((status = 'superseded') = (superseded_at is not null)),
  check ((status = 'superseded') = (superseded_by is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- The campaign whose key is a meter's pending key: the vend that issues it looks the meter up here.
create unique index key_change_campaign_meter_not_started on prepayment.key_change_campaign_meter
  (company_id, meter_id) where status = 'not-started';
create index key_change_campaign_meter_by_vend on prepayment.key_change_campaign_meter (company_id, vend_id)
  where vend_id is not null;

-- Existing progress. A meter whose pending key came from its campaign has not started there.
insert into prepayment.key_change_campaign_meter (company_id, campaign_id, meter_id, created_at)
select meter.company_id, meter.key_change_campaign_id, meter.meter_id, campaign.created_at
from prepayment.prepaid_meter meter
join prepayment.key_change_campaign campaign
  on campaign.company_id = meter.company_id and campaign.id = meter.key_change_campaign_id
where meter.pending_sgc is not null;

-- Each vend that carried a key change and was not reversed installed the key that the meter's next such
-- vend replaced, or the meter's current key when it is the latest. The vend the meter names with its
-- campaign (the meter has no pending key since) belongs to that campaign. An older vend, or one whose
-- meter has moved on to a later campaign, is matched to the latest campaign with the key it installed
-- that was created before the vend. A vend matched to no campaign had a key change that the meter was
-- registered with, and no campaign row.
with key_change_vend as (
  select vend.company_id, vend.meter_id, vend.id, vend.issued_at, vend.status, vend.released_at,
    coalesce(
      lead(vend.replaced_key) over (
        partition by vend.company_id, vend.meter_id order by vend.issued_at, vend.id
      ),
      jsonb_build_object(
        'sgc', meter.sgc, 'ti', meter.ti, 'krn', meter.krn, 'kt', meter.kt, 'ken', meter.ken,
        'baseDate', to_char(meter.base_date, 'YYYY-MM-DD'), 'dkga', meter.dkga, 'ea', meter.ea
      )
    ) as installed_key,
    case when meter.key_change_vend_id = vend.id and meter.pending_sgc is null
      then meter.key_change_campaign_id end as named_campaign_id
  from prepayment.vend vend
  join prepayment.prepaid_meter meter on meter.company_id = vend.company_id and meter.meter_id = vend.meter_id
  where vend.replaced_key is not null and vend.status <> 'reversed'
)
insert into prepayment.key_change_campaign_meter
  (company_id, campaign_id, meter_id, status, vend_id, created_at, issued_at, confirmed_at)
select kcv.company_id, coalesce(kcv.named_campaign_id, matched.id), kcv.meter_id,
  case when kcv.status = 'released' then 'confirmed' else 'issued' end,
  kcv.id, coalesce(named.created_at, matched.created_at), kcv.issued_at,
  kcv.released_at
from key_change_vend kcv
left join prepayment.key_change_campaign named
  on named.company_id = kcv.company_id and named.id = kcv.named_campaign_id
left join lateral (
  select campaign.id, campaign.created_at
  from prepayment.key_change_campaign campaign
  where campaign.company_id = kcv.company_id
    and campaign.created_at <= kcv.issued_at
    and campaign.sgc = kcv.installed_key ->> 'sgc'
    and campaign.ti = (kcv.installed_key ->> 'ti')::smallint
    and campaign.krn = (kcv.installed_key ->> 'krn')::smallint
    and campaign.kt = (kcv.installed_key ->> 'kt')::smallint
    and campaign.ken = (kcv.installed_key ->> 'ken')::smallint
    and campaign.base_date = (kcv.installed_key ->> 'baseDate')::date
    and campaign.dkga = kcv.installed_key ->> 'dkga'
    and campaign.ea = kcv.installed_key ->> 'ea'
  order by campaign.created_at desc, campaign.id desc
  limit 1
) matched on kcv.named_campaign_id is null
where coalesce(kcv.named_campaign_id, matched.id) is not null
order by kcv.issued_at, kcv.id
on conflict do nothing;

-- The table above replaces the meter's pointers to its latest campaign and key change vend.
alter table prepayment.prepaid_meter
  drop column key_change_campaign_id,
  drop column key_change_vend_id,
  drop column key_change_confirmed_at;

select platform.isolate_by_company('prepayment.key_change_campaign_meter');
grant select, insert, update on prepayment.key_change_campaign_meter to cis_app;
grant update on prepayment.key_change_campaign to cis_app;
