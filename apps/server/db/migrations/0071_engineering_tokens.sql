-- Engineering tokens: management tokens (power limits, clear credit, clear tamper, water meter factor) and
-- class 1 test tokens that authorised staff issue to a meter outside a sale, each with its reason. Those
-- with a TID take the meter's next one under its row lock, as vends do.

create table prepayment.engineering_token (
  company_id uuid not null,
  id uuid not null,
  meter_id uuid not null,
  token_type text not null,
  -- The token's value as given: watts, the register cleared, the factor or the test control bits.
  parameter text,
  token text not null check (token ~ '^[0-9]{20}$'),
  tid integer check (tid between 0 and 16777215),
  base_date date not null,
  reason text not null check (length(reason) between 1 and 300),
  actor_kind text not null,
  actor_id text not null,
  issued_at timestamptz not null,
  primary key (company_id, id),
  unique (company_id, meter_id, base_date, tid),
  foreign key (company_id, meter_id) references prepayment.prepaid_meter (company_id, meter_id)
);
create index engineering_token_by_meter on prepayment.engineering_token (company_id, meter_id, issued_at);

select platform.isolate_by_company('prepayment.engineering_token');
-- Engineering tokens are never changed once issued.
grant select, insert on prepayment.engineering_token to cis_app;
