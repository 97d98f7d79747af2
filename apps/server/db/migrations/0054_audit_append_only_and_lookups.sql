-- Audit events are append-only: no statement may change or delete one, whatever role runs it.
create function platform.reject_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit events are append-only: % on platform.audit_event is not allowed', tg_op
    using errcode = '42501';
end;
$$;

create trigger audit_event_append_only before update or delete on platform.audit_event
  for each row execute function platform.reject_audit_change();
create trigger audit_event_no_truncate before truncate on platform.audit_event
  for each statement execute function platform.reject_audit_change();

-- Lookups by who made a change, and by time. Events arrive in time order, so a BRIN index over their
-- time stays small and costs a bulk insert almost nothing.
create index audit_event_by_actor on platform.audit_event (company_id, actor_id, id);
create index audit_event_by_time on platform.audit_event using brin (occurred_at);
