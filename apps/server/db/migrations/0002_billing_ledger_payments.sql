-- Bill runs, bills, the double-entry ledger, payments, and the audit and outbox rows written with them.

-- billing --------------------------------------------------------------------------------------------

-- One run per cycle and cut-off date: starting the same run again finds this row and does nothing new.
create table billing.bill_run (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  bill_cycle_id uuid not null,
  cut_off_on date not null,
  issue_bills boolean not null default true,
  status text not null default 'open' check (status in ('open', 'running', 'completed')),
  accounts_total integer not null default 0,
  accounts_processed integer not null default 0,
  bills_created integer not null default 0,
  exceptions_count integer not null default 0,
  -- The last account id whose chunk committed; a resumed run continues after it.
  cursor_account_id uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  primary key (company_id, id),
  unique (company_id, bill_cycle_id, cut_off_on),
  foreign key (company_id, bill_cycle_id) references billing.bill_cycle (company_id, id)
);

create table billing.bill_run_exception (
  company_id uuid not null,
  bill_run_id uuid not null,
  account_id uuid not null,
  agreement_id uuid,
  reason_code text not null,
  detail text not null,
  created_at timestamptz not null default now(),
  primary key (company_id, bill_run_id, account_id),
  foreign key (company_id, bill_run_id) references billing.bill_run (company_id, id),
  foreign key (company_id, account_id) references customers.account (company_id, id)
);

create table billing.bill (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  account_id uuid not null,
  bill_run_id uuid,
  kind text not null default 'invoice' check (kind in ('invoice', 'credit-note')),
  status text not null default 'draft' check (status in ('draft', 'issued', 'cancelled')),
  series text,
  invoice_number text,
  issue_date date,
  due_date date,
  period_start date not null,
  period_end date not null,
  currency char(3) not null,
  total_minor bigint not null,
  is_estimated boolean not null default false,
  cancels_bill_id uuid,
  created_at timestamptz not null default now(),
  issued_at timestamptz,
  primary key (company_id, id),
  unique (company_id, series, invoice_number),
  foreign key (company_id, account_id) references customers.account (company_id, id),
  foreign key (company_id, bill_run_id) references billing.bill_run (company_id, id),
  foreign key (company_id, cancels_bill_id) references billing.bill (company_id, id),
  check (period_end > period_start),
  check ((status = 'draft') = (invoice_number is null)),
  check (status = 'draft' or (issue_date is not null and due_date is not null and series is not null)),
  check ((kind = 'credit-note') = (cancels_bill_id is not null))
);
create index bill_by_account on billing.bill (company_id, account_id, period_start);
-- A bill run bills an account once.
create unique index bill_once_per_run on billing.bill (company_id, bill_run_id, account_id)
  where bill_run_id is not null;
-- An invoice is cancelled by one credit note at most.
create unique index credit_note_once on billing.bill (company_id, cancels_bill_id) where cancels_bill_id is not null;

create table billing.bill_segment (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  bill_id uuid not null,
  agreement_id uuid not null,
  service_point_id uuid not null,
  period_start date not null,
  period_end date not null,
  -- 'active' while the bill stands; 'cancelled' once a credit note reverses it, so the period can be billed again.
  status text not null default 'active' check (status in ('active', 'cancelled')),
  is_estimated boolean not null default false,
  consumption jsonb not null,
  total_minor bigint not null,
  primary key (company_id, id),
  foreign key (company_id, bill_id) references billing.bill (company_id, id),
  foreign key (company_id, agreement_id) references agreements.service_agreement (company_id, id),
  check (period_end > period_start)
);
-- An agreement is never billed twice for a period that starts on the same day.
create unique index bill_segment_once on billing.bill_segment (company_id, agreement_id, period_start)
  where status = 'active';
create index bill_segment_by_bill on billing.bill_segment (company_id, bill_id);

create table billing.bill_line (
  company_id uuid not null,
  bill_id uuid not null,
  line_number integer not null,
  segment_id uuid,
  component_kind text not null,
  description text not null,
  quantity numeric(24, 8),
  unit text,
  unit_price numeric(24, 10),
  amount_minor bigint not null,
  ledger_account text not null,
  trace jsonb not null,
  primary key (company_id, bill_id, line_number),
  foreign key (company_id, bill_id) references billing.bill (company_id, id),
  foreign key (company_id, segment_id) references billing.bill_segment (company_id, id)
);

-- ledger ---------------------------------------------------------------------------------------------

-- Append-only. A correction is a new posting that reverses the earlier one.
create table ledger.posting (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  account_id uuid not null,
  kind text not null check (kind in ('bill', 'credit-note', 'payment', 'payment-reversal', 'adjustment')),
  source_id uuid not null,
  accounting_date date not null,
  description text not null,
  currency char(3) not null,
  posted_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, kind, source_id),
  foreign key (company_id, account_id) references customers.account (company_id, id)
);
create index posting_by_account on ledger.posting (company_id, account_id, accounting_date);

-- Debits are positive and credits negative; the lines of a posting sum to zero (checked at commit).
-- The receivable lines (ledger_account 'receivable') make up the customer account's balance.
create table ledger.posting_line (
  company_id uuid not null,
  posting_id uuid not null,
  line_number integer not null,
  ledger_account text not null,
  account_id uuid,
  amount_minor bigint not null,
  primary key (company_id, posting_id, line_number),
  foreign key (company_id, posting_id) references ledger.posting (company_id, id),
  foreign key (company_id, account_id) references customers.account (company_id, id)
);
create index posting_line_receivable on ledger.posting_line (company_id, account_id) where account_id is not null;

create function ledger.assert_posting_balances() returns trigger language plpgsql as $$
declare
  imbalance bigint;
begin
  select coalesce(sum(amount_minor), 0) into imbalance
    from ledger.posting_line
   where company_id = new.company_id and posting_id = new.posting_id;
  if imbalance <> 0 then
    raise exception 'ledger posting % does not balance: its lines sum to % minor units', new.posting_id, imbalance
      using errcode = '23514';
  end if;
  return null;
end;
$$;

create constraint trigger posting_line_balances
  after insert on ledger.posting_line
  deferrable initially deferred
  for each row execute function ledger.assert_posting_balances();

create function ledger.reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'the ledger is append-only: % on % is not allowed', tg_op, tg_table_name using errcode = '42501';
end;
$$;

create trigger posting_append_only before update or delete on ledger.posting
  for each row execute function ledger.reject_change();
create trigger posting_line_append_only before update or delete on ledger.posting_line
  for each row execute function ledger.reject_change();

-- payments -------------------------------------------------------------------------------------------

create table payments.payment (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  account_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  received_on date not null,
  method text not null check (method in ('cash', 'transfer', 'direct-debit', 'card', 'cheque')),
  reference text,
  idempotency_key text not null,
  request_hash text not null,
  status text not null default 'posted' check (status in ('posted', 'reversed')),
  reversed_at timestamptz,
  reversal_reason text,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, idempotency_key),
  foreign key (company_id, account_id) references customers.account (company_id, id)
);
create index payment_by_account on payments.payment (company_id, account_id, received_on);

create table payments.payment_allocation (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  payment_id uuid not null,
  bill_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  status text not null default 'active' check (status in ('active', 'released')),
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, payment_id) references payments.payment (company_id, id),
  foreign key (company_id, bill_id) references billing.bill (company_id, id)
);
create index payment_allocation_by_bill on payments.payment_allocation (company_id, bill_id);
create index payment_allocation_by_payment on payments.payment_allocation (company_id, payment_id);

-- platform: audit trail and event outbox ---------------------------------------------------------

create table platform.audit_event (
  company_id uuid not null references companies.company (id),
  id bigint generated always as identity,
  occurred_at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('api-key', 'user', 'system')),
  actor_id text not null,
  request_id text,
  entity_type text not null,
  entity_id text not null,
  action text not null check (action in ('create', 'update', 'delete')),
  changes jsonb not null default '{}',
  primary key (company_id, id)
);
create index audit_event_by_entity on platform.audit_event (company_id, entity_type, entity_id);

create table platform.outbox_event (
  company_id uuid not null references companies.company (id),
  id bigint generated always as identity,
  aggregate_type text not null,
  aggregate_id text not null,
  event_type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz,
  primary key (company_id, id)
);
create index outbox_event_pending on platform.outbox_event (company_id, id) where dispatched_at is null;
