-- Indexes that find earlier vends by Idempotency-Key and by channel and reference under row-level
-- security. The unique indexes of 0072 key on coalesce(agent_id, ...), and PostgreSQL 15 does not use a
-- condition on that expression as an index condition for the application role: a policy keeps it a
-- filter, so each lookup read every vend of the company with the key's prefix. These key on the plain
-- columns, and the agent is a filter on the few rows they find. The unique indexes still enforce that
-- keys and references are each seller's own.

create index vend_by_idempotency_key on prepayment.vend (company_id, idempotency_key)
  where idempotency_key is not null;
create index vend_by_transaction_reference on prepayment.vend (company_id, channel, transaction_reference);
