-- Core meter-to-cash schema. Every account-scoped table carries company_id, and company_id leads its
-- primary key and every foreign key, so that each table can be distributed by company_id on Citus and
-- joins stay on one node. Amounts are integer minor units (*_minor); rates and quantities are NUMERIC.

create extension if not exists btree_gist;

create schema if not exists companies;
create schema if not exists identity;
create schema if not exists customers;
create schema if not exists premises;
create schema if not exists devices;
create schema if not exists readings;
create schema if not exists rates;
create schema if not exists agreements;
create schema if not exists billing;
create schema if not exists ledger;
create schema if not exists payments;
create schema if not exists platform;

-- companies ------------------------------------------------------------------------------------------

create table companies.company (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  currency_minor_unit smallint not null check (currency_minor_unit between 0 and 4),
  time_zone text not null,
  locale text not null default 'en',
  rounding_mode text not null default 'half-up' check (rounding_mode in ('half-up', 'half-even')),
  created_at timestamptz not null default now()
);

-- Gapless number series (invoice numbers): the row is locked by the issuing transaction, so numbers are
-- handed out in commit order and a rolled-back issue gives its number back.
create table companies.number_series (
  company_id uuid not null references companies.company (id),
  series text not null,
  prefix text not null default '',
  next_value bigint not null default 1 check (next_value > 0),
  primary key (company_id, series)
);

-- identity -------------------------------------------------------------------------------------------

create table identity.api_key (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  secret_hash text not null,
  permissions text[] not null default '{}',
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (company_id, id)
);

-- billing: bill cycles come first because accounts point at them -----------------------------------

create table billing.bill_cycle (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  code text not null,
  name text not null,
  period_months smallint not null default 1 check (period_months in (1, 2, 3, 6, 12)),
  primary key (company_id, id),
  unique (company_id, code)
);

-- customers ------------------------------------------------------------------------------------------

create table customers.customer (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('person', 'organisation')),
  display_name text not null,
  given_name text,
  family_name text,
  organisation_name text,
  preferred_locale text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  check (kind <> 'organisation' or organisation_name is not null),
  check (kind <> 'person' or family_name is not null)
);

create table customers.customer_contact (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  kind text not null check (kind in ('email', 'phone', 'mobile', 'postal')),
  value text not null,
  is_primary boolean not null default false,
  primary key (company_id, id),
  foreign key (company_id, customer_id) references customers.customer (company_id, id)
);

create table customers.customer_identification (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  scheme text not null check (scheme in ('national-id', 'passport', 'tax-id', 'company-register', 'other')),
  value text not null,
  issuing_country char(2),
  primary key (company_id, id),
  unique (company_id, scheme, value),
  foreign key (company_id, customer_id) references customers.customer (company_id, id)
);

create table customers.account (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  account_number text not null,
  customer_id uuid not null,
  bill_cycle_id uuid not null,
  status text not null default 'active' check (status in ('active', 'closed')),
  bill_delivery text not null default 'email' check (bill_delivery in ('email', 'post', 'portal')),
  bill_delivery_email text,
  payment_method text not null default 'transfer'
    check (payment_method in ('cash', 'transfer', 'direct-debit', 'card')),
  payment_terms_days integer not null default 20 check (payment_terms_days between 0 and 365),
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, account_number),
  foreign key (company_id, customer_id) references customers.customer (company_id, id),
  foreign key (company_id, bill_cycle_id) references billing.bill_cycle (company_id, id)
);

-- premises -------------------------------------------------------------------------------------------

create table premises.premise (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  address_line1 text not null,
  address_line2 text,
  city text not null,
  postal_code text,
  region text,
  country char(2) not null,
  latitude numeric(9, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  primary key (company_id, id)
);

create table premises.service_point (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  premise_id uuid not null,
  service text not null check (service in ('electricity', 'gas', 'water')),
  market_id text,
  primary key (company_id, id),
  unique (company_id, premise_id, service),
  unique (company_id, market_id),
  foreign key (company_id, premise_id) references premises.premise (company_id, id)
);

-- devices --------------------------------------------------------------------------------------------

create table devices.meter (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  serial_number text not null,
  model text,
  manufacturer text,
  service text not null check (service in ('electricity', 'gas', 'water')),
  status text not null default 'in-stock' check (status in ('in-stock', 'installed', 'removed', 'retired')),
  primary key (company_id, id),
  unique (company_id, serial_number)
);

create table devices.meter_register (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  meter_id uuid not null,
  code text not null,
  kind text not null default 'consumption' check (kind in ('consumption', 'demand')),
  unit text not null check (unit in ('kWh', 'kW', 'kvarh', 'm3', 'ft3', 'therm', 'gal')),
  dials smallint not null check (dials between 1 and 12),
  multiplier numeric(18, 6) not null default 1 check (multiplier > 0),
  tou_period text,
  primary key (company_id, id),
  unique (company_id, meter_id, code),
  foreign key (company_id, meter_id) references devices.meter (company_id, id)
);

-- A meter sits at one service point at a time and a service point holds one meter at a time.
create table devices.meter_installation (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  meter_id uuid not null,
  service_point_id uuid not null,
  installed_on date not null,
  removed_on date,
  primary key (company_id, id),
  foreign key (company_id, meter_id) references devices.meter (company_id, id),
  foreign key (company_id, service_point_id) references premises.service_point (company_id, id),
  check (removed_on is null or removed_on >= installed_on),
  exclude using gist (company_id with =, meter_id with =, daterange(installed_on, removed_on) with &&),
  exclude using gist (company_id with =, service_point_id with =, daterange(installed_on, removed_on) with &&)
);

-- readings -------------------------------------------------------------------------------------------

create table readings.register_read (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  register_id uuid not null,
  read_on date not null,
  value numeric(20, 6) not null check (value >= 0),
  kind text not null check (kind in ('actual', 'estimated', 'customer', 'install', 'removal')),
  source text not null check (source in ('manual', 'import', 'ami', 'estimation', 'customer-portal', 'field')),
  status text not null default 'valid' check (status in ('valid', 'suspect', 'superseded')),
  estimation jsonb,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, register_id) references devices.meter_register (company_id, id)
);
create index register_read_by_register on readings.register_read (company_id, register_id, read_on);

create table readings.interval_channel (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  service_point_id uuid not null,
  name text not null,
  unit text not null check (unit in ('kWh', 'kW', 'kvarh', 'm3', 'ft3', 'therm', 'gal', 'Wh')),
  interval_seconds integer check (interval_seconds > 0),
  external_id text,
  primary key (company_id, id),
  unique (company_id, service_point_id, name),
  foreign key (company_id, service_point_id) references premises.service_point (company_id, id)
);

create table readings.interval_reading (
  company_id uuid not null,
  channel_id uuid not null,
  start_at timestamptz not null,
  duration_seconds integer not null check (duration_seconds > 0),
  value numeric(20, 6) not null,
  quality text not null default 'valid' check (quality in ('valid', 'estimated', 'suspect', 'missing')),
  primary key (company_id, channel_id, start_at),
  foreign key (company_id, channel_id) references readings.interval_channel (company_id, id)
);

-- rates ----------------------------------------------------------------------------------------------

create table rates.tariff (
  company_id uuid not null references companies.company (id),
  id uuid not null default gen_random_uuid(),
  code text not null,
  name text not null,
  service text not null check (service in ('electricity', 'gas', 'water')),
  source text not null default 'manual' check (source in ('manual', 'urdb')),
  source_reference text,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, code)
);

-- Versions of one tariff never overlap: the exclusion constraint rejects a second version whose
-- [effective_from, effective_to) range intersects an existing one.
create table rates.tariff_version (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  tariff_id uuid not null,
  effective_from date not null,
  effective_to date,
  definition jsonb not null,
  source_document jsonb,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, tariff_id) references rates.tariff (company_id, id),
  check (effective_to is null or effective_to > effective_from),
  exclude using gist (company_id with =, tariff_id with =, daterange(effective_from, effective_to) with &&)
);

-- agreements -----------------------------------------------------------------------------------------

create table agreements.service_agreement (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  account_id uuid not null,
  service_point_id uuid not null,
  tariff_id uuid not null,
  payment_mode text not null default 'postpaid' check (payment_mode in ('postpaid', 'prepaid')),
  start_on date not null,
  end_on date,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, account_id) references customers.account (company_id, id),
  foreign key (company_id, service_point_id) references premises.service_point (company_id, id),
  foreign key (company_id, tariff_id) references rates.tariff (company_id, id),
  check (end_on is null or end_on > start_on),
  exclude using gist (company_id with =, service_point_id with =, daterange(start_on, end_on) with &&)
);
create index service_agreement_by_account on agreements.service_agreement (company_id, account_id);
