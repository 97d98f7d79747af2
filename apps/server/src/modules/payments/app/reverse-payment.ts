import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { Temporal } from 'temporal-polyfill';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import {
  conflict,
  invalidInput,
  notFound,
  ruleViolation,
  type FieldIssue,
} from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { getCompany } from '../../companies/index.js';
import {
  assertPlainDate,
  assertUuid,
  findPostingBySource,
  lockAccounts,
  writePostings,
} from '../../ledger/index.js';
import type { LedgerAccount } from '../../ledger/index.js';
import { computeRequestHash } from '../domain/compute-request-hash.js';
import { checkIdempotencyKey } from '../domain/parse-payment-request.js';
import type { PaymentResult } from '../domain/payment.js';
import { releaseAllocationsOfPayment } from '../db/allocation-store.js';
import {
  markPaymentReversed,
  selectPaymentById,
  toPayment,
  type StoredPayment,
} from '../db/payment-store.js';

export const maxReversalReasonLength = 500;

export type ReversalRequest = {
  paymentId: string;
  /** Reason for the reversal (bounced cheque, posted to the wrong account), stored on the payment. */
  reason: string;
  /** Optional key that makes a retried reversal return the reversed payment instead of a conflict. */
  idempotencyKey?: string | undefined;
  /** Accounting date of the reversal posting; defaults to today in the company's time zone. */
  reversedOn?: string | undefined;
};

/**
 * Reverses a posted payment in one transaction. The status moves from posted to reversed under a SQL
 * guard, and a `payment-reversal` posting mirrors the payment's posting with opposite signs. The
 * payment's allocations are released, so the invoices they settled are open again. Audit rows and a
 * `payment.reversed` event are written with it. Reversing a reversed payment is a PAYMENTS.PAYMENT_ALREADY_REVERSED
 * conflict unless the request repeats the reversal's own idempotency key.
 */
export async function reversePayment(
  db: Db,
  context: RequestContext,
  request: ReversalRequest,
): Promise<PaymentResult> {
  assertPermission(context, 'payments:write');
  const reason = parseReversalRequest(request);
  const key = request.idempotencyKey ?? null;
  const requestHash =
    key === null
      ? null
      : computeRequestHash({
          paymentId: request.paymentId.toLowerCase(),
          reason,
          reversedOn: request.reversedOn ?? null,
        });
  try {
    return await db
      .transaction()
      .execute((trx) => reverseInTransaction(trx, context, { ...request, reason }, key, requestHash));
  } catch (error) {
    if (isUniqueViolation(error, 'payment_reversal_key')) {
      throw conflict(
        'PAYMENTS.IDEMPOTENCY_KEY_REUSED',
        `Idempotency key "${key}" already reversed another payment; use a new key for this reversal.`,
      );
    }
    throw error;
  }
}

async function reverseInTransaction(
  trx: Trx,
  context: RequestContext,
  request: ReversalRequest,
  key: string | null,
  requestHash: string | null,
): Promise<PaymentResult> {
  const { companyId } = context;
  const current = await selectPaymentById(trx, companyId, request.paymentId);
  if (!current)
    throw notFound(
      'PAYMENTS.PAYMENT_NOT_FOUND',
      `Payment ${request.paymentId} does not exist in this company.`,
    );
  if (key !== null && current.reversalIdempotencyKey === key) return replayReversal(current, requestHash);

  const company = await getCompany(trx, companyId);
  const today = Temporal.Now.plainDateISO(company.timeZone).toString();
  const reversedOn = request.reversedOn ?? latestDate(today, current.receivedOn);
  if (request.reversedOn !== undefined && reversedOn > today) {
    throw ruleViolation(
      'PAYMENTS.REVERSAL_IN_FUTURE',
      `reversedOn ${reversedOn} is after today (${today} in ${company.timeZone}); date the reversal on the day the money went back, or leave reversedOn out for today.`,
      [{ path: 'reversedOn', message: `Expected ${today} or earlier, got ${reversedOn}.` }],
      { reversedOn, today },
    );
  }
  if (reversedOn < current.receivedOn) {
    throw ruleViolation(
      'PAYMENTS.REVERSAL_BEFORE_PAYMENT',
      `reversedOn ${reversedOn} is before the payment was received on ${current.receivedOn}; date the reversal on or after it.`,
      [{ path: 'reversedOn', message: `Expected ${current.receivedOn} or later, got ${reversedOn}.` }],
      { reversedOn, receivedOn: current.receivedOn },
    );
  }

  // The account lock orders this reversal after any allocation of the payment in flight (see lockAccounts).
  await lockAccounts(trx, companyId, [current.accountId]);
  const reversed = await markPaymentReversed(trx, companyId, current.id, {
    reason: request.reason,
    idempotencyKey: key,
    requestHash,
  });
  if (!reversed) {
    // Another reversal committed after the read above; its row is visible now that the update has waited for it.
    const latest = await selectPaymentById(trx, companyId, current.id);
    if (latest && key !== null && latest.reversalIdempotencyKey === key)
      return replayReversal(latest, requestHash);
    throw conflict(
      'PAYMENTS.PAYMENT_ALREADY_REVERSED',
      `Payment ${current.id} is already reversed${latest?.reversedAt ? ` (at ${latest.reversedAt})` : ''}; a payment is reversed once.`,
    );
  }

  const released = await releaseAllocationsOfPayment(trx, companyId, current.id);
  const original = await findPostingBySource(trx, companyId, 'payment', current.id);
  if (!original) throw new Error(`Payment ${current.id} has no ledger posting to reverse.`);
  await writePostings(trx, context, [
    {
      id: newId(),
      accountId: current.accountId,
      kind: 'payment-reversal',
      sourceId: current.id,
      accountingDate: reversedOn,
      description: `Reversal of payment${current.reference ? ` ${current.reference}` : ''}: ${request.reason}`,
      currency: original.currency,
      lines: original.lines.map((line) => ({
        ledgerAccount: line.ledgerAccount as LedgerAccount,
        accountId: line.accountId,
        amountMinor: -line.amountMinor,
      })),
    },
  ]);

  await recordAudit(trx, context, [
    {
      entityType: 'payment',
      entityId: current.id,
      action: 'update',
      changes: { status: ['posted', 'reversed'], reversal_reason: [null, request.reason] },
    },
    ...released.map((allocation) => ({
      entityType: 'payment_allocation',
      entityId: allocation.id,
      action: 'update' as const,
      changes: { status: ['active', 'released'], reason: [null, 'payment-reversed'] },
    })),
  ]);
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'payment',
      aggregateId: current.id,
      eventType: 'payment.reversed',
      payload: {
        paymentId: current.id,
        accountId: current.accountId,
        amountMinor: current.amountMinor.toString(),
        currency: current.currency,
        reversedOn,
        reason: request.reason,
        releasedAllocations: released.map((allocation) => ({
          allocationId: allocation.id,
          billId: allocation.billId,
          amountMinor: allocation.amountMinor.toString(),
        })),
      },
    },
  ]);

  const payment = await selectPaymentById(trx, companyId, current.id);
  if (!payment) throw new Error(`Payment ${current.id} is missing right after its reversal.`);
  return { payment: toPayment(payment), replayed: false };
}

function replayReversal(stored: StoredPayment, requestHash: string | null): PaymentResult {
  if (stored.reversalRequestHash !== requestHash) {
    throw conflict(
      'PAYMENTS.IDEMPOTENCY_KEY_REUSED',
      `Idempotency key "${stored.reversalIdempotencyKey}" already reversed payment ${stored.id} with a different request; use a new key.`,
    );
  }
  return { payment: toPayment(stored), replayed: true };
}

/** Validates the request and returns the trimmed reason. */
function parseReversalRequest(request: ReversalRequest): string {
  assertUuid(request.paymentId, 'paymentId', 'PAYMENTS.INVALID_PAYMENT_ID');
  if (request.reversedOn !== undefined)
    assertPlainDate(request.reversedOn, 'reversedOn', 'PAYMENTS.INVALID_REVERSAL');
  const issues: FieldIssue[] = [];
  const reason = request.reason.trim();
  if (reason.length === 0 || reason.length > maxReversalReasonLength) {
    issues.push({
      path: 'reason',
      message: `Expected a reason of 1 to ${maxReversalReasonLength} characters, got ${reason.length}.`,
    });
  }
  if (request.idempotencyKey !== undefined)
    issues.push(...checkIdempotencyKey(request.idempotencyKey, 'idempotencyKey'));
  if (issues.length > 0) {
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join(' ');
    throw invalidInput('PAYMENTS.INVALID_REVERSAL', `Invalid payment reversal: ${summary}`, issues);
  }
  return reason;
}

function latestDate(left: string, right: string): string {
  return left > right ? left : right;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as { code?: unknown; constraint?: unknown };
  return fields.code === '23505' && fields.constraint === constraint;
}
