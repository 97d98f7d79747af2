-- Third-party vending agents: the organisations that sell prepaid units for the utility (shops, banks,
-- mobile money operators), their outlets, the logins that sell for them, their prefunded float and their
-- commission.
--
-- An agent pays the utility in advance: deposits raise its float, each vend takes the amount tendered off
-- it and gives the agent's commission back, and vending stops when a vend would take the float below
-- minus its credit limit (0 unless the utility grants credit). The float entries are the agent's own
-- ledger. float_balance_minor is their sum, kept on the agent's row, which every vend locks, so two
-- concurrent vends can never spend the same float.

create table prepayment.vending_agent (
  company_id uuid not null references companies.company (id),
  id uuid not null,
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null check (name <> ''),
  status text not null default 'active' check (status in ('active', 'suspended')),
  currency char(3) not null,
  float_balance_minor bigint not null default 0,
  credit_limit_minor bigint not null default 0 check (credit_limit_minor >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, code),
  check (float_balance_minor >= -credit_limit_minor)
);

create table prepayment.vending_outlet (
  company_id uuid not null,
  id uuid not null,
  agent_id uuid not null,
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null check (name <> ''),
  address text,
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, agent_id, code),
  foreign key (company_id, agent_id) references prepayment.vending_agent (company_id, id)
);

-- A login that sells for an agent: a user (a cashier at an outlet) or an API key (a bank's or an
-- aggregator's system). Its vends carry the agent and outlet and draw on the agent's float.
create table prepayment.vending_cashier (
  company_id uuid not null,
  actor_kind text not null check (actor_kind in ('user', 'api-key')),
  actor_id text not null,
  agent_id uuid not null,
  outlet_id uuid,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (company_id, actor_kind, actor_id),
  foreign key (company_id, agent_id) references prepayment.vending_agent (company_id, id),
  foreign key (company_id, outlet_id) references prepayment.vending_outlet (company_id, id)
);

-- Commission per agent and sales channel: `percent` of the amount tendered, or a `fixed` amount per vend.
-- A rule with no channel applies to every channel without a rule of its own.
create table prepayment.agent_commission_rule (
  company_id uuid not null,
  id uuid not null,
  agent_id uuid not null,
  channel text,
  method text not null check (method in ('percent', 'fixed')),
  percent numeric(9, 6) check (percent > 0 and percent < 100),
  amount_minor bigint check (amount_minor > 0),
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (company_id, id),
  foreign key (company_id, agent_id) references prepayment.vending_agent (company_id, id),
  check ((method = 'percent') = (percent is not null)),
  check ((method = 'fixed') = (amount_minor is not null))
);
create unique index agent_commission_rule_current
  on prepayment.agent_commission_rule (company_id, agent_id, coalesce(channel, ''))
  where retired_at is null;

-- The agent's float ledger: deposits (positive), vends (the amount tendered, negative), commission on each
-- vend (positive), and their reversals. `reference` makes a deposit idempotent.
create table prepayment.agent_float_entry (
  company_id uuid not null,
  id uuid not null,
  agent_id uuid not null,
  kind text not null check (
    kind in ('deposit', 'vend', 'commission', 'vend-reversal', 'commission-reversal', 'adjustment')
  ),
  amount_minor bigint not null check (amount_minor <> 0),
  balance_after_minor bigint not null,
  vend_id uuid,
  reference text check (length(reference) between 1 and 255),
  note text,
  accounting_date date not null,
  actor_kind text not null,
  actor_id text not null,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, agent_id) references prepayment.vending_agent (company_id, id),
  foreign key (company_id, vend_id) references prepayment.vend (company_id, id),
  check ((kind in ('vend', 'commission', 'vend-reversal', 'commission-reversal')) = (vend_id is not null)),
  check ((kind = 'deposit') = (reference is not null))
);
create unique index agent_float_deposit_reference on prepayment.agent_float_entry (company_id, agent_id, reference)
  where kind = 'deposit';
create index agent_float_entry_by_date on prepayment.agent_float_entry (company_id, agent_id, accounting_date);

-- A vend's commission, and the cashier who sold it; agent_id and outlet_id already exist.
alter table prepayment.vend add column commission_minor bigint not null default 0 check (commission_minor >= 0);
alter table prepayment.vend
  add foreign key (company_id, agent_id) references prepayment.vending_agent (company_id, id),
  add foreign key (company_id, outlet_id) references prepayment.vending_outlet (company_id, id);
create index vend_by_agent_date on prepayment.vend (company_id, agent_id, accounting_date)
  where agent_id is not null;

select platform.isolate_by_company('prepayment.vending_agent');
select platform.isolate_by_company('prepayment.vending_outlet');
select platform.isolate_by_company('prepayment.vending_cashier');
select platform.isolate_by_company('prepayment.agent_commission_rule');
select platform.isolate_by_company('prepayment.agent_float_entry');

grant select, insert, update on prepayment.vending_agent, prepayment.vending_outlet,
  prepayment.vending_cashier, prepayment.agent_commission_rule to cis_app;
-- Float entries are never changed once written.
grant select, insert on prepayment.agent_float_entry to cis_app;
