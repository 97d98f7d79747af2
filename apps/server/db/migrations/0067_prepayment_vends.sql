-- Prepayment: STS meters with their key data, free basic units, the deductions a company takes from each
-- purchase, and vends with their receipt lines and tokens.
--
-- No vending key is stored here. The token issuer holds the vending keys (a secrets file or a hardware
-- security module) and derives each meter's decoder key from the key data below when it issues a token.
--
-- The prepaid tariff is the tariff of the meter's prepaid service agreement (rates.tariff_version): the
-- energy tiers of its version in force are the price blocks, counted on the units the meter bought in the
-- current month. So prices keep one home with effective dating, whatever the payment mode.

create schema if not exists prepayment;

-- A meter sold by STS token. Key data follows IEC 62055-41: supply group code (SGC), tariff index (TI),
-- key revision number (KRN), key type (KT), key expiry number (KEN), base date of the TID, decoder key
-- generation algorithm (DKGA) and encryption algorithm (EA). The pending key is one that a key change
-- will install; it becomes the current key when the meter confirms the key change.
create table prepayment.prepaid_meter (
  company_id uuid not null,
  meter_id uuid not null,
  iin text not null check (iin ~ '^([0-9]{4}|[0-9]{6})$'),
  drn text not null check (drn ~ '^[0-9]{11}([0-9]{2})?$'),
  -- IIN, DRN and the Luhn check digit: 18 digits.
  pan text not null check (pan ~ '^[0-9]{18}$' and pan like iin || drn || '_'),
  sgc text not null check (sgc ~ '^[0-9]{6}$'),
  ti smallint not null check (ti between 0 and 99),
  krn smallint not null check (krn between 1 and 9),
  kt smallint not null check (kt between 0 and 3),
  ken smallint not null check (ken between 0 and 255),
  base_date date not null check (base_date in ('1993-01-01', '2014-01-01', '2035-01-01')),
  dkga text not null check (dkga in ('02', '04')),
  ea text not null check (ea in ('07', '11')),
  pending_sgc text check (pending_sgc ~ '^[0-9]{6}$'),
  pending_ti smallint check (pending_ti between 0 and 99),
  pending_krn smallint check (pending_krn between 1 and 9),
  pending_kt smallint check (pending_kt between 0 and 3),
  pending_ken smallint check (pending_ken between 0 and 255),
  pending_base_date date check (pending_base_date in ('1993-01-01', '2014-01-01', '2035-01-01')),
  pending_dkga text check (pending_dkga in ('02', '04')),
  pending_ea text check (pending_ea in ('07', '11')),
  -- The TID of the last token issued under the current base date; vends lock this row to take the next.
  last_tid integer check (last_tid between 0 and 16777215),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, meter_id),
  unique (company_id, pan),
  foreign key (company_id, meter_id) references devices.meter (company_id, id),
  check (
    num_nulls(pending_sgc, pending_ti, pending_krn, pending_kt, pending_ken, pending_base_date,
              pending_dkga, pending_ea) in (0, 8)
  ),
  -- DKGA02 derives a 64-bit key, and EA11 (MISTY1) needs 128 bits.
  check (not (dkga = '02' and ea = '11')),
  check (pending_dkga is null or not (pending_dkga = '02' and pending_ea = '11'))
);

-- Free basic units: a monthly entitlement of a household (free basic electricity for qualifying
-- customers), issued as its own token with the first purchase of each month.
create table prepayment.free_basic_allowance (
  company_id uuid not null,
  id uuid not null,
  account_id uuid not null,
  service text not null default 'electricity' check (service in ('electricity', 'gas', 'water')),
  units_per_month numeric(12, 1) not null check (units_per_month > 0),
  start_on date not null,
  end_on date,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, account_id) references customers.account (company_id, id),
  check (end_on is null or end_on > start_on),
  exclude using gist (company_id with =, account_id with =, service with =, daterange(start_on, end_on) with &&)
);

-- What a company takes from each purchase before it buys units, in `position` order:
-- - channel-fee: `fixed` amount_minor per vend, or `percent` of the amount tendered;
-- - debt-recovery: `fixed` or `percent` of the amount tendered, never more than the account owes, and at
--   most max_per_vend_minor per vend and max_per_month_minor per meter and month;
-- - fixed-charge: `monthly` amount_minor, taken from the first purchases of each month until paid, at
--   most max_per_vend_minor from one purchase;
-- - tax and levy: `included-percent`, the share percent / (100 + percent) of what is left, because the
--   amount tendered includes them; a levy may also be a `fixed` amount per vend.
-- A retired rule stays for the vend lines that name it.
create table prepayment.deduction_rule (
  company_id uuid not null references companies.company (id),
  id uuid not null,
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null check (name <> ''),
  kind text not null check (kind in ('channel-fee', 'debt-recovery', 'fixed-charge', 'tax', 'levy')),
  method text not null check (method in ('fixed', 'percent', 'included-percent', 'monthly')),
  position integer not null check (position > 0),
  amount_minor bigint check (amount_minor > 0),
  percent numeric(9, 6) check (percent > 0 and percent <= 100),
  max_per_vend_minor bigint check (max_per_vend_minor > 0),
  max_per_month_minor bigint check (max_per_month_minor > 0),
  -- The sales channel the rule applies to, such as `api`; null applies it to every channel.
  channel text,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (company_id, id),
  check ((method in ('fixed', 'monthly')) = (amount_minor is not null)),
  check ((method in ('percent', 'included-percent')) = (percent is not null)),
  check (
    (kind = 'channel-fee' and method in ('fixed', 'percent'))
    or (kind = 'debt-recovery' and method in ('fixed', 'percent'))
    or (kind = 'fixed-charge' and method = 'monthly')
    or (kind = 'tax' and method = 'included-percent')
    or (kind = 'levy' and method in ('fixed', 'included-percent'))
  )
);
create unique index deduction_rule_code on prepayment.deduction_rule (company_id, code)
  where retired_at is null;
create unique index deduction_rule_position on prepayment.deduction_rule (company_id, position)
  where retired_at is null;

-- A purchase: the amount tendered, the deductions and units on its receipt lines, and its tokens.
-- Status: issued (the token exists), released (the channel confirmed that the customer has it), or
-- reversed (undone before release, with a reversing ledger posting).
create table prepayment.vend (
  company_id uuid not null,
  id uuid not null,
  meter_id uuid not null,
  account_id uuid not null,
  agreement_id uuid not null,
  tariff_version_id uuid not null,
  -- Where the sale happened: back-office (staff), api (an external channel). Agent sales will add their
  -- channels with agent_id and outlet_id set.
  channel text not null check (channel ~ '^[a-z][a-z0-9-]{1,39}$'),
  transaction_reference text not null check (length(transaction_reference) between 1 and 255),
  idempotency_key text check (length(idempotency_key) between 1 and 255),
  request_hash text not null,
  agent_id uuid,
  outlet_id uuid,
  actor_kind text not null,
  actor_id text not null,
  tendered_minor bigint not null check (tendered_minor > 0),
  energy_minor bigint not null check (energy_minor > 0),
  currency char(3) not null,
  units numeric(14, 1) not null check (units > 0),
  free_units numeric(14, 1) not null default 0 check (free_units >= 0),
  unit text not null,
  -- First day of the company-local month the vend falls in: month-to-date figures group by it.
  vend_month date not null check (extract(day from vend_month) = 1),
  accounting_date date not null,
  issued_at timestamptz not null,
  status text not null default 'issued' check (status in ('issued', 'released', 'reversed')),
  released_at timestamptz,
  reversed_at timestamptz,
  reversal_reason text,
  reprint_count integer not null default 0 check (reprint_count >= 0),
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, channel, transaction_reference),
  foreign key (company_id, meter_id) references prepayment.prepaid_meter (company_id, meter_id),
  foreign key (company_id, account_id) references customers.account (company_id, id),
  foreign key (company_id, agreement_id) references agreements.service_agreement (company_id, id),
  check ((status = 'released') = (released_at is not null)),
  check ((status = 'reversed') = (reversed_at is not null))
);
create unique index vend_idempotency_key on prepayment.vend (company_id, idempotency_key)
  where idempotency_key is not null;
create index vend_by_meter_month on prepayment.vend (company_id, meter_id, vend_month)
  where status <> 'reversed';
create index vend_by_account on prepayment.vend (company_id, account_id, issued_at);

-- The receipt: one line per deduction and per price block, and one for free basic units. The lines of a
-- vend sum to its amount tendered.
create table prepayment.vend_line (
  company_id uuid not null,
  vend_id uuid not null,
  line_number integer not null check (line_number > 0),
  kind text not null check (
    kind in ('channel-fee', 'debt-recovery', 'fixed-charge', 'tax', 'levy', 'energy', 'free-units')
  ),
  deduction_rule_id uuid,
  description text not null,
  amount_minor bigint not null check (amount_minor >= 0),
  units numeric(14, 1),
  unit_price numeric,
  block_number smallint,
  -- The block's range of month-to-date units; block_to null means no upper limit.
  block_from numeric,
  block_to numeric,
  primary key (company_id, vend_id, line_number),
  foreign key (company_id, vend_id) references prepayment.vend (company_id, id),
  foreign key (company_id, deduction_rule_id) references prepayment.deduction_rule (company_id, id),
  check ((kind in ('energy', 'free-units')) = (units is not null))
);

-- The tokens of a vend in entry order. A TID is never used twice on a meter under one base date.
create table prepayment.vend_token (
  company_id uuid not null,
  vend_id uuid not null,
  position smallint not null check (position > 0),
  meter_id uuid not null,
  purpose text not null check (purpose in ('credit', 'free-units')),
  token_type text not null,
  token text not null check (token ~ '^[0-9]{20}$'),
  tid integer not null check (tid between 0 and 16777215),
  base_date date not null,
  units numeric(14, 1) not null,
  primary key (company_id, vend_id, position),
  unique (company_id, meter_id, base_date, tid),
  foreign key (company_id, vend_id) references prepayment.vend (company_id, id),
  foreign key (company_id, meter_id) references prepayment.prepaid_meter (company_id, meter_id)
);

select platform.isolate_by_company('prepayment.prepaid_meter');
select platform.isolate_by_company('prepayment.free_basic_allowance');
select platform.isolate_by_company('prepayment.deduction_rule');
select platform.isolate_by_company('prepayment.vend');
select platform.isolate_by_company('prepayment.vend_line');
select platform.isolate_by_company('prepayment.vend_token');

grant usage on schema prepayment to cis_app;
grant select, insert, update on prepayment.prepaid_meter, prepayment.free_basic_allowance,
  prepayment.deduction_rule, prepayment.vend to cis_app;
-- Receipt lines and tokens are never changed once written.
grant select, insert on prepayment.vend_line, prepayment.vend_token to cis_app;

-- Vends post to the ledger: the sale, and the posting that reverses it.
alter table ledger.posting drop constraint posting_kind_check;
alter table ledger.posting add constraint posting_kind_check check (
  kind in ('bill', 'credit-note', 'payment', 'payment-reversal', 'adjustment', 'vend', 'vend-reversal')
);
