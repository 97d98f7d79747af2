-- Erasure also reaches the events an erased customer's changes wrote: the personal values in the payloads
-- of its outbox events and of their webhook deliveries become "[erased]", like its audit values. Account
-- events carry no personal data beyond ids, so only customer events change.
create or replace function platform.erase_audit_values(erased_customer uuid) returns integer
  language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  company uuid := platform.current_company_id();
  personal constant text[] := array['displayName', 'givenName', 'familyName', 'organisationName',
                                    'contacts', 'identifications', 'preferredLocale'];
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

  update platform.outbox_event
  set payload = platform.blank_audit_values(payload, personal)
  where company_id = company and aggregate_type = 'customer' and aggregate_id = erased_customer::text;
  update platform.webhook_delivery
  set payload = platform.blank_audit_values(payload, personal)
  where company_id = company and aggregate_type = 'customer' and aggregate_id = erased_customer::text;
  return erased;
end;
$$;

-- As in 0061: a migration owner that is no superuser needs company policies on the rows it changes.
do $$
declare
  scoped regclass;
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    return;
  end if;
  foreach scoped in array array['platform.outbox_event', 'platform.webhook_delivery']::regclass[] loop
    execute format('create policy owner_erasure on %s to %I using (company_id = platform.current_company_id())',
                   scoped, current_user);
  end loop;
end $$;
