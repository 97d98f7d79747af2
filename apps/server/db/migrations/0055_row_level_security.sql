-- Row-level security: the database itself keeps each company's rows apart.
--
-- The application runs its queries as cis_app, a role that owns no table, is no superuser and cannot
-- bypass row security. Every company-scoped table FORCEs row security (so even its owner is subject to it)
-- and lets cis_app see and write only the rows whose company_id equals the transaction's cis.company_id
-- setting. Without that setting nothing is visible and nothing can be written.
--
-- cis_platform is the second application role: it reads the few installation-wide facts that no single
-- company owns (which companies exist, which bill runs are unfinished) and can write nothing.
--
-- The migration owner (the DATABASE_URL login) keeps owning every table. The application switches to
-- these roles with SET ROLE, so the login must be a superuser or a member of both roles.

do $$
begin
  create role cis_app nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  raise notice 'role cis_app exists already';
end $$;

do $$
begin
  create role cis_platform nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then
  raise notice 'role cis_platform exists already';
end $$;

-- A superuser may SET ROLE to any role; any other migration owner needs membership.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant cis_app, cis_platform to %I', current_user);
  end if;
end $$;

-- The company of the current transaction, or null when none is set (then every policy reads nothing).
create function platform.current_company_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('cis.company_id', true), '')::uuid $$;

-- Puts one company-scoped table under row security; later migrations call it for each new table.
create function platform.isolate_by_company(target regclass) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format(
    'create policy company_isolation on %s to cis_app '
    'using (company_id = platform.current_company_id()) '
    'with check (company_id = platform.current_company_id())',
    target);
end $$;

do $$
declare
  scoped regclass;
begin
  for scoped in
    select c.oid::regclass
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped
    where c.relkind in ('r', 'p')
      and n.nspname in ('companies', 'identity', 'customers', 'premises', 'devices', 'readings', 'rates',
                        'agreements', 'billing', 'ledger', 'payments', 'platform')
  loop
    perform platform.isolate_by_company(scoped);
  end loop;
end $$;

-- The company row itself is keyed by id.
alter table companies.company enable row level security;
alter table companies.company force row level security;
create policy company_isolation on companies.company to cis_app
  using (id = platform.current_company_id())
  with check (id = platform.current_company_id());
create policy installation_read on companies.company for select to cis_platform using (true);
create policy installation_read on billing.bill_run for select to cis_platform using (true);

grant usage on schema companies, identity, customers, premises, devices, readings, rates, agreements,
  billing, ledger, payments, platform to cis_app;
grant select, insert, update, delete on all tables in schema companies, identity, customers, premises,
  devices, readings, rates, agreements, billing, ledger, payments, platform to cis_app;
grant usage, select on all sequences in schema companies, identity, customers, premises, devices, readings,
  rates, agreements, billing, ledger, payments, platform to cis_app;
-- The audit trail is append-only for the application (the trigger of 0054 backs this up for every role).
revoke update, delete, truncate on platform.audit_event from cis_app;

alter default privileges in schema companies, identity, customers, premises, devices, readings, rates,
  agreements, billing, ledger, payments, platform
  grant select, insert, update, delete on tables to cis_app;
alter default privileges in schema companies, identity, customers, premises, devices, readings, rates,
  agreements, billing, ledger, payments, platform
  grant usage, select on sequences to cis_app;

grant usage on schema companies, billing to cis_platform;
grant select on companies.company, billing.bill_run to cis_platform;
