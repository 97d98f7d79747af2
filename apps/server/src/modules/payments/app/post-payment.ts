import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { Temporal } from 'temporal-polyfill';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { getCompany } from '../../companies/index.js';
import { lockAccounts, selectAccountOpeningDate, writePostings } from '../../ledger/index.js';
import { computeRequestHash } from '../domain/compute-request-hash.js';
import { parsePaymentRequest, type ValidPaymentRequest } from '../domain/parse-payment-request.js';
import type { Payment, PaymentRequest, PaymentResult } from '../domain/payment.js';
import {
  insertPaymentOnce,
  selectPaymentById,
  selectPaymentByIdempotencyKey,
  toPayment,
  type StoredPayment,
} from '../db/payment-store.js';
import { allocateCreditForAccounts } from './allocate-credit-for-accounts.js';

export type PostPaymentOptions = {
  /** Returns the current instant; tests pass a fixed one. Defaults to `Temporal.Now.instant`. */
  now?: () => Temporal.Instant;
};

/**
 * Records a payment from a customer in one transaction: the payment row, its ledger posting (debit
 * cash, credit the account's receivable), allocations to the account's open items oldest first (the
 * remainder stays as credit), audit rows and a `payment.posted` event.
 *
 * Idempotent by (company, idempotency key). The same key with the same request returns the first
 * payment with `replayed: true`. The same key with a different request is a
 * PAYMENTS.IDEMPOTENCY_KEY_REUSED conflict. The request hash covers the fields as the caller sent them, so a retry that again leaves
 * out receivedOn matches even on a later day. A receivedOn after today in the company's time zone is a
 * PAYMENTS.RECEIVED_ON_IN_FUTURE rule violation, and one before the day the account opened is a
 * PAYMENTS.RECEIVED_ON_BEFORE_OPENING rule violation. Both are checked only for a new payment, so a replay
 * still works.
 */
export async function postPayment(
  db: Db,
  context: RequestContext,
  request: PaymentRequest,
  options: PostPaymentOptions = {},
): Promise<PaymentResult> {
  assertPermission(context, 'payments:write');
  const now = options.now ?? (() => Temporal.Now.instant());
  const valid = parsePaymentRequest(request);
  const requestHash = computeRequestHash({
    accountId: valid.accountId,
    amountMinor: valid.amountMinor.toString(),
    currency: valid.currency,
    receivedOn: valid.receivedOn,
    method: valid.method,
    reference: valid.reference,
  });

  const earlier = await selectPaymentByIdempotencyKey(db, context.companyId, valid.idempotencyKey);
  if (earlier) return replay(earlier, requestHash);

  const created = await db
    .transaction()
    .execute((trx) => createPayment(trx, context, valid, requestHash, now()));
  if (created) return { payment: created, replayed: false };

  // A concurrent request with the same key committed first: its transaction has ended, so a fresh read
  // returns its payment and allocations together.
  const winner = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => selectPaymentByIdempotencyKey(trx, context.companyId, valid.idempotencyKey));
  if (!winner)
    throw new Error(`Payment with idempotency key ${valid.idempotencyKey} vanished after a conflict.`);
  return replay(winner, requestHash);
}

function replay(stored: StoredPayment, requestHash: string): PaymentResult {
  if (stored.requestHash !== requestHash) {
    throw conflict(
      'PAYMENTS.IDEMPOTENCY_KEY_REUSED',
      `Idempotency key "${stored.idempotencyKey}" was already used for payment ${stored.id} with a different request; use a new key for a new payment.`,
    );
  }
  return { payment: toPayment(stored), replayed: true };
}

/** Writes the payment and everything with it, or returns undefined when the key turned out to be taken. */
async function createPayment(
  trx: Trx,
  context: RequestContext,
  request: ValidPaymentRequest,
  requestHash: string,
  now: Temporal.Instant,
): Promise<Payment | undefined> {
  const company = await getCompany(trx, context.companyId);
  if (request.currency !== company.currency) {
    throw ruleViolation(
      'PAYMENTS.CURRENCY_MISMATCH',
      `currency ${request.currency} is not the company's currency ${company.currency}; send the amount in ${company.currency}.`,
      [{ path: 'currency', message: `Expected ${company.currency}, got ${request.currency}.` }],
      { currency: request.currency, companyCurrency: company.currency },
    );
  }
  const today = now.toZonedDateTimeISO(company.timeZone).toPlainDate().toString();
  const receivedOn = request.receivedOn ?? today;
  if (Temporal.PlainDate.compare(receivedOn, today) > 0) {
    throw ruleViolation(
      'PAYMENTS.RECEIVED_ON_IN_FUTURE',
      `receivedOn ${receivedOn} is after today (${today} in ${company.timeZone}); send the date the money arrived, or leave receivedOn out for today.`,
      [{ path: 'receivedOn', message: `Expected ${today} or earlier, got ${receivedOn}.` }],
      { receivedOn, today },
    );
  }

  const locked = await lockAccounts(trx, context.companyId, [request.accountId]);
  if (!locked.has(request.accountId)) {
    throw notFound(
      'PAYMENTS.ACCOUNT_NOT_FOUND',
      `Account ${request.accountId} does not exist in this company.`,
    );
  }

  await assertReceivedAfterOpening(trx, context.companyId, request.accountId, receivedOn, today);

  const paymentId = await insertPaymentOnce(trx, context.companyId, { ...request, receivedOn }, requestHash);
  if (!paymentId) return undefined;

  await writePostings(trx, context, [
    {
      id: newId(),
      accountId: request.accountId,
      kind: 'payment',
      sourceId: paymentId,
      accountingDate: receivedOn,
      description: `Payment by ${request.method}${request.reference ? ` ${request.reference}` : ''}`,
      currency: request.currency,
      lines: [
        { ledgerAccount: 'cash', accountId: null, amountMinor: request.amountMinor },
        { ledgerAccount: 'receivable', accountId: request.accountId, amountMinor: -request.amountMinor },
      ],
    },
  ]);
  await recordAudit(trx, context, [
    {
      entityType: 'payment',
      entityId: paymentId,
      action: 'create',
      changes: createdFields({
        account_id: request.accountId,
        amount_minor: request.amountMinor.toString(),
        currency: request.currency,
        received_on: receivedOn,
        method: request.method,
        reference: request.reference,
        idempotency_key: request.idempotencyKey,
        status: 'posted',
      }),
    },
  ]);
  // payment.posted goes first, so that the payment.allocated events of this payment follow it.
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'payment',
      aggregateId: paymentId,
      eventType: 'payment.posted',
      payload: {
        paymentId,
        accountId: request.accountId,
        amountMinor: request.amountMinor.toString(),
        currency: request.currency,
        receivedOn,
        method: request.method,
        reference: request.reference,
      },
    },
  ]);
  await allocateCreditForAccounts(trx, context, [request.accountId]);

  const payment = await selectPaymentById(trx, context.companyId, paymentId);
  if (!payment) throw new Error(`Payment ${paymentId} is missing right after its insert.`);
  return toPayment(payment);
}

/**
 * Throws PAYMENTS.RECEIVED_ON_BEFORE_OPENING when the money is dated before the account opened: such a
 * payment would head the statement ahead of everything the account ever owed, and is almost always a
 * mistyped year.
 */
async function assertReceivedAfterOpening(
  trx: Trx,
  companyId: string,
  accountId: string,
  receivedOn: string,
  today: string,
): Promise<void> {
  const openedOn = await selectAccountOpeningDate(trx, companyId, accountId);
  if (openedOn === undefined || Temporal.PlainDate.compare(receivedOn, openedOn) >= 0) return;
  throw ruleViolation(
    'PAYMENTS.RECEIVED_ON_BEFORE_OPENING',
    `receivedOn ${receivedOn} is before account ${accountId} opened on ${openedOn}; send the date the money arrived, from ${openedOn} to ${today}.`,
    [{ path: 'receivedOn', message: `Expected a date from ${openedOn} to ${today}, got ${receivedOn}.` }],
    { receivedOn, openedOn, today },
  );
}
