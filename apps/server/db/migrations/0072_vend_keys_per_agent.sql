-- Idempotency keys and transaction references are each seller's own: two agents (two banks numbering
-- their references from 1) may use the same ones, and a retry finds only the vend of its own agent.
-- Vends the utility sells itself (no agent) share one scope, as before.

drop index prepayment.vend_idempotency_key;
create unique index vend_idempotency_key on prepayment.vend
  (company_id, coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;

alter table prepayment.vend drop constraint vend_company_id_channel_transaction_reference_key;
create unique index vend_transaction_reference on prepayment.vend
  (company_id, channel, coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid), transaction_reference);
