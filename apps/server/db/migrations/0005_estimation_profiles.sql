-- A company's daily-use profile per register unit, by calendar month: what a bill run estimates for a
-- service point that has no read history yet (a new connection), instead of one flat default.
create table readings.estimation_profile (
  company_id uuid not null references companies.company (id),
  unit text not null check (unit in ('kWh', 'm3', 'ft3', 'therm', 'gal')),
  name text not null,
  daily_quantity_by_month numeric(18, 6)[] not null
    check (array_length(daily_quantity_by_month, 1) = 12 and 0 <= all (daily_quantity_by_month)),
  updated_at timestamptz not null default now(),
  primary key (company_id, unit)
);
