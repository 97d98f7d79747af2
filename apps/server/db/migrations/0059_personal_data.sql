-- Personal-data requests: an export is recorded in the audit trail like a change, and an erased customer
-- keeps its row (issued invoices and the ledger point at its accounts) with the time of the erasure.
alter table platform.audit_event drop constraint audit_event_action_check;
alter table platform.audit_event add constraint audit_event_action_check
  check (action in ('create', 'update', 'delete', 'export'));

alter table customers.customer add column erased_at timestamptz;
