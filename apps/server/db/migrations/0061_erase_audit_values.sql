-- Erasure reaches the audit trail: the values of an erased customer's audit events (and of the personal
-- fields of its accounts' and logins' events) become "[erased]", while which field changed, when and by
-- whom stays. Audit events remain unchangeable for the application roles: only this function, running
-- as the table owner and only for a customer already marked erased, may blank values, and the trigger
-- lets nothing else of an event change.

create or replace function platform.reject_audit_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and current_setting('cis.audit_erasure', true) = 'on'
     and current_user not in ('cis_app', 'cis_platform')
     and (new.company_id, new.id, new.occurred_at, new.actor_kind, new.actor_id, new.request_id, new.ip,
          new.entity_type, new.entity_id, new.action)
         is not distinct from
         (old.company_id, old.id, old.occurred_at, old.actor_kind, old.actor_id, old.request_id, old.ip,
          old.entity_type, old.entity_id, old.action)
  then
    return new;
  end if;
  raise exception 'audit events are append-only: % on platform.audit_event is not allowed', tg_op
    using errcode = '42501';
end;
$$;

-- Replaces the values of the named keys (all keys when keys is null) with "[erased]".
create function platform.blank_audit_values(changes jsonb, keys text[]) returns jsonb
  language sql immutable as $$
    select coalesce(jsonb_object_agg(entry.key,
      case when keys is null or entry.key = any (keys) then '"[erased]"'::jsonb else entry.value end), '{}'::jsonb)
    from jsonb_each(changes) entry
  $$;

create function platform.erase_audit_values(erased_customer uuid) returns integer
  language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  company uuid := platform.current_company_id();
  erased integer;
begin
  if company is null then
    raise exception 'no company is set' using errcode = '42501';
  end if;
  if not exists (select 1 from customers.customer
                 where company_id = company and id = erased_customer and erased_at is not null) then
    raise exception 'customer % is not erased', erased_customer using errcode = '42501';
  end if;
  perform set_config('cis.audit_erasure', 'on', true);
  update platform.audit_event event
  set changes = case event.entity_type
      when 'customer' then platform.blank_audit_values(event.changes, null)
      when 'account' then platform.blank_audit_values(event.changes, array['billDeliveryEmail', 'bill_delivery_email'])
      else platform.blank_audit_values(event.changes, array['email', 'display_name'])
    end
  where event.company_id = company
    and ((event.entity_type = 'customer' and event.entity_id = erased_customer::text)
      or (event.entity_type = 'account' and event.entity_id in (
            select id::text from customers.account where company_id = company and customer_id = erased_customer))
      or (event.entity_type = 'user' and event.entity_id in (
            select id::text from identity.user_account where company_id = company and customer_id = erased_customer)));
  get diagnostics erased = row_count;
  perform set_config('cis.audit_erasure', 'off', true);
  return erased;
end;
$$;
revoke all on function platform.erase_audit_values(uuid) from public;
grant execute on function platform.erase_audit_values(uuid) to cis_app;

-- A migration owner that is no superuser is subject to the forced policies, which admit only cis_app; so
-- it gets the same company policies for the rows the function reads and changes.
do $$
declare
  scoped regclass;
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    return;
  end if;
  foreach scoped in array array['platform.audit_event', 'customers.customer', 'customers.account',
                                'identity.user_account']::regclass[] loop
    execute format('create policy owner_erasure on %s to %I using (company_id = platform.current_company_id())',
                   scoped, current_user);
  end loop;
end $$;
