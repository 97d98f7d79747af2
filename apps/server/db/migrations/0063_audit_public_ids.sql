-- Audit event ids came from one identity sequence shared by every company of the installation, so the
-- gaps between a company's own ids told it how many changes the other companies made. Each event now
-- carries a public id of its own, a UUID version 7 like every other id (its time part is the event time,
-- already shown), and the shared number stays inside the database as the sort key.

alter table platform.audit_event add column public_id uuid not null default gen_random_uuid();
create unique index audit_event_by_public_id on platform.audit_event (company_id, public_id);

-- Erasure may still change only the values of an event, not its public id.
create or replace function platform.reject_audit_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and current_setting('cis.audit_erasure', true) = 'on'
     and current_user not in ('cis_app', 'cis_platform')
     and (new.company_id, new.id, new.public_id, new.occurred_at, new.actor_kind, new.actor_id,
          new.request_id, new.ip, new.entity_type, new.entity_id, new.action)
         is not distinct from
         (old.company_id, old.id, old.public_id, old.occurred_at, old.actor_kind, old.actor_id,
          old.request_id, old.ip, old.entity_type, old.entity_id, old.action)
  then
    return new;
  end if;
  raise exception 'audit events are append-only: % on platform.audit_event is not allowed', tg_op
    using errcode = '42501';
end;
$$;
