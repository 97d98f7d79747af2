-- Lets a payment reversal be retried safely: the reversal stores the Idempotency-Key it was made with and
-- a hash of its request, so the same request again returns the reversed payment instead of a conflict,
-- and one key cannot reverse two payments.

alter table payments.payment
  add column reversal_idempotency_key text,
  add column reversal_request_hash text,
  add check ((reversal_idempotency_key is null) = (reversal_request_hash is null)),
  add check (status = 'reversed' or reversal_idempotency_key is null);

create unique index payment_reversal_key on payments.payment (company_id, reversal_idempotency_key)
  where reversal_idempotency_key is not null;

