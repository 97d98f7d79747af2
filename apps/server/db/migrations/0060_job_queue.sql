-- A job queue in PostgreSQL: background work (bill runs) is a row that any server process may claim with
-- SKIP LOCKED and hold with a lease it renews while working. A job that fails is retried with backoff and
-- marked failed after its last attempt, with a short error.

create table platform.job (
  company_id uuid not null references companies.company (id),
  id uuid not null,
  queue text not null,
  payload jsonb not null default '{}',
  -- At most one queued or running job per key, so that enqueueing the same work twice is harmless.
  dedupe_key text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  run_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (company_id, id)
);
create unique index job_dedupe on platform.job (company_id, queue, dedupe_key)
  where dedupe_key is not null and status in ('queued', 'running');
create index job_due on platform.job (queue, run_at) where status in ('queued', 'running');

select platform.isolate_by_company('platform.job');

create policy installation_read on platform.job for select to cis_platform using (true);
grant select (company_id, queue, status, run_at, locked_until) on platform.job to cis_platform;
