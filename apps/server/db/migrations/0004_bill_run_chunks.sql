-- A bill run hands out its accounts in chunks, so several workers (in one process or several) bill one
-- run side by side. A chunk is claimed in a short transaction and billed in another that first locks its
-- row; a worker that dies mid-chunk rolls back, leaving the chunk 'claimed' and unlocked, and the next
-- worker that looks for work takes it again.
create table billing.bill_run_chunk (
  company_id uuid not null,
  bill_run_id uuid not null,
  chunk_number integer not null,
  first_account_id uuid not null,
  last_account_id uuid not null,
  account_count integer not null check (account_count > 0),
  status text not null default 'claimed' check (status in ('claimed', 'billed')),
  claimed_at timestamptz not null default now(),
  billed_at timestamptz,
  primary key (company_id, bill_run_id, chunk_number),
  foreign key (company_id, bill_run_id) references billing.bill_run (company_id, id),
  check (first_account_id <= last_account_id)
);
create index bill_run_chunk_claimed on billing.bill_run_chunk (company_id, bill_run_id) where status = 'claimed';
