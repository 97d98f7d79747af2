import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { ValidPaymentRequest } from '../domain/parse-payment-request.js';
import type { Payment, PaymentAllocation, PaymentMethod, PaymentStatus } from '../domain/payment.js';
import { toPaymentSummary } from './payment-rows.js';

export type StoredPayment = Payment & {
  requestHash: string;
  reversalIdempotencyKey: string | null;
  reversalRequestHash: string | null;
};

type PaymentRow = {
  id: string;
  account_id: string;
  amount_minor: string;
  currency: string;
  received_on: string;
  method: PaymentMethod;
  reference: string | null;
  idempotency_key: string;
  request_hash: string;
  status: PaymentStatus;
  reversed_at: Date | null;
  reversal_reason: string | null;
  reversal_idempotency_key: string | null;
  reversal_request_hash: string | null;
  created_at: Date;
};

/**
 * Inserts the payment unless the company already has one with this idempotency key, and returns the new
 * id or undefined. When a concurrent transaction has inserted the same key but not committed, PostgreSQL makes this
 * insert wait for it: it then inserts if that transaction rolled back, or does nothing if it committed.
 */
export async function insertPaymentOnce(
  trx: Trx,
  companyId: string,
  request: ValidPaymentRequest & { receivedOn: string },
  requestHash: string,
): Promise<string | undefined> {
  const row = await trx
    .insertInto('payments.payment')
    .values({
      company_id: companyId,
      account_id: request.accountId,
      amount_minor: request.amountMinor.toString(),
      currency: request.currency,
      received_on: request.receivedOn,
      method: request.method,
      reference: request.reference,
      idempotency_key: request.idempotencyKey,
      request_hash: requestHash,
    })
    .onConflict((conflict) => conflict.columns(['company_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function selectPaymentById(
  db: DbOrTrx,
  companyId: string,
  paymentId: string,
): Promise<StoredPayment | undefined> {
  return selectPayment(db, companyId, sql`p.id = ${paymentId}`);
}

export async function selectPaymentByIdempotencyKey(
  db: DbOrTrx,
  companyId: string,
  idempotencyKey: string,
): Promise<StoredPayment | undefined> {
  return selectPayment(db, companyId, sql`p.idempotency_key = ${idempotencyKey}`);
}

async function selectPayment(
  db: DbOrTrx,
  companyId: string,
  condition: ReturnType<typeof sql>,
): Promise<StoredPayment | undefined> {
  const result = await sql<PaymentRow>`
    select p.id, p.account_id, p.amount_minor, p.currency, p.received_on, p.method, p.reference,
           p.idempotency_key, p.request_hash, p.status, p.reversed_at, p.reversal_reason,
           p.reversal_idempotency_key, p.reversal_request_hash, p.created_at
      from payments.payment p
     where p.company_id = ${companyId} and ${condition}
  `.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const allocations = await selectAllocationsOfPayment(db, companyId, row.id);
  const allocatedMinor = allocations
    .filter((allocation) => allocation.status === 'active')
    .reduce((sum, allocation) => sum + allocation.amountMinor, 0n);
  return {
    ...toPaymentSummary({ ...row, allocated_minor: allocatedMinor.toString() }),
    allocations,
    requestHash: row.request_hash,
    reversalIdempotencyKey: row.reversal_idempotency_key,
    reversalRequestHash: row.reversal_request_hash,
  };
}

/** Drops the stored-only fields (request hashes, reversal key) from a payment read for the caller. */
export function toPayment(stored: StoredPayment): Payment {
  const {
    requestHash: _requestHash,
    reversalIdempotencyKey: _key,
    reversalRequestHash: _hash,
    ...payment
  } = stored;
  return payment;
}

type AllocationRow = {
  id: string;
  bill_id: string;
  invoice_number: string | null;
  amount_minor: string;
  status: 'active' | 'released';
  created_at: Date;
};

async function selectAllocationsOfPayment(
  db: DbOrTrx,
  companyId: string,
  paymentId: string,
): Promise<PaymentAllocation[]> {
  const result = await sql<AllocationRow>`
    select a.id, a.bill_id, b.invoice_number, a.amount_minor, a.status, a.created_at
      from payments.payment_allocation a
      join billing.bill b on b.company_id = a.company_id and b.id = a.bill_id
     where a.company_id = ${companyId} and a.payment_id = ${paymentId}
     order by a.created_at, b.due_date, b.issue_date, b.invoice_number, a.id
  `.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    billId: row.bill_id,
    invoiceNumber: row.invoice_number,
    amountMinor: BigInt(row.amount_minor),
    status: row.status,
    createdAt: row.created_at.toISOString(),
  }));
}

/**
 * Moves the payment from posted to reversed and returns whether this call did it: the status guard in
 * the UPDATE decides a race between two reversals, not a status read earlier.
 */
export async function markPaymentReversed(
  trx: Trx,
  companyId: string,
  paymentId: string,
  reversal: { reason: string; idempotencyKey: string | null; requestHash: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('payments.payment')
    .set({
      status: 'reversed',
      reversed_at: sql<Date>`now()`,
      reversal_reason: reversal.reason,
      reversal_idempotency_key: reversal.idempotencyKey,
      reversal_request_hash: reversal.requestHash,
    })
    .where('company_id', '=', companyId)
    .where('id', '=', paymentId)
    .where('status', '=', 'posted')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
