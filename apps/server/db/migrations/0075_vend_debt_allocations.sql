-- Lets the debt that a prepaid vend recovers settle the account's open items, as a payment does.
--
-- The money of an allocation comes from exactly one source: a posted payment (payment_id), or the
-- debt-recovery lines of a vend (vend_id), which the vend's posting credited to the account's receivable.
-- Keeping both in one table means that an open item's outstanding amount stays one sum over its active
-- allocations, that every allocation names what settled the item, and that the lists of payments, which
-- read allocations by payment_id, never count a vend's money as a payment.
--
-- Vends sold before this migration have no allocations. Their recovered debt counts as the account's
-- credit, and the account's next payment, bill or credit note allocates it to the open items, oldest first.

alter table payments.payment_allocation
  alter column payment_id drop not null,
  add column vend_id uuid,
  add constraint payment_allocation_vend_fkey
    foreign key (company_id, vend_id) references prepayment.vend (company_id, id),
  add constraint payment_allocation_one_source check (num_nonnulls(payment_id, vend_id) = 1);

create index payment_allocation_by_vend on payments.payment_allocation (company_id, vend_id)
  where vend_id is not null;
