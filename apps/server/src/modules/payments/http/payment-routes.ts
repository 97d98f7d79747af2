import { z } from 'zod';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { sendCsv } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { getCompany } from '../../companies/index.js';
import { exportPayments } from '../app/export-payments.js';
import { getPayment } from '../app/get-payment.js';
import { listPayments } from '../app/list-payments.js';
import { postPayment } from '../app/post-payment.js';
import { reversePayment } from '../app/reverse-payment.js';
import { maxIdempotencyKeyLength } from '../domain/parse-payment-request.js';
import { postPaymentBody, reversePaymentBody } from '../domain/payment-request-schema.js';
import { listPaymentsQuerySchema } from '../domain/payment-list-schemas.js';
import {
  paymentCsvColumns,
  paymentListItemSchema,
  paymentSchema,
  toPaymentJson,
  toPaymentListItemJson,
} from './payment-json.js';

const idempotencyKeySchema = z
  .string()
  .max(maxIdempotencyKeyLength)
  .describe(
    'Client-chosen key (a UUID works well): a retry with the same key and body returns the first result',
  );

// Posting a payment needs the key, so the document marks it required. The requireIdempotencyKey hook
// rejects a request without it before schema validation, with a problem that explains how to choose one.
const requiredIdempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeySchema });
const optionalIdempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeySchema.optional() });

const paymentParams = z.object({ id: z.uuid() });

/** Throws a validation error naming the Idempotency-Key header when it is missing or blank. */
function requireIdempotencyKey(key: string | string[] | undefined): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw invalidInput(
      'PAYMENTS.IDEMPOTENCY_KEY_MISSING',
      'The Idempotency-Key header is required to post a payment: send a new unique value (a UUID) per payment and the same value on retries.',
      [{ path: 'headers.idempotency-key', message: 'missing' }],
    );
  }
}

export const paymentRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/payments',
    {
      config: { permission: 'payments:read' },
      schema: {
        tags: ['payments'],
        summary:
          'List payments by account, status, method or date received, latest first; sorted, paged or as CSV',
        querystring: listPaymentsQuerySchema,
        response: { 200: pageSchema(paymentListItemSchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      if (request.query.format === 'json') {
        const page = await listPayments(request.db, companyId, request.query);
        return { ...page, items: page.items.map(toPaymentListItemJson) };
      }
      const company = await getCompany(request.db, companyId);
      return sendCsv(reply, {
        fileName: 'payments.csv',
        columns: paymentCsvColumns,
        currencyMinorUnit: company.currencyMinorUnit,
        batches: await exportPayments(request.db, companyId, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/payments',
    {
      config: { permission: 'payments:write' },
      preValidation: (request, _reply, done) => {
        try {
          requireIdempotencyKey(request.headers['idempotency-key']);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      schema: {
        tags: ['payments'],
        summary: 'Record a payment and allocate it to the oldest open items',
        description:
          'Returns 201 for a new payment and 200 with the same payment when the Idempotency-Key was used before with the same body; the same key with another body is a 409.',
        headers: requiredIdempotencyHeaders,
        body: postPaymentBody,
        response: { 200: paymentSchema, 201: paymentSchema },
      },
    },
    async (request, reply) => {
      const { payment, replayed } = await postPayment(request.db, request.context, {
        ...request.body,
        amountMinor: BigInt(request.body.amountMinor),
        idempotencyKey: request.headers['idempotency-key'],
      });
      void reply.header('location', `/v1/payments/${payment.id}`);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(toPaymentJson(payment));
    },
  );

  app.get(
    '/v1/payments/:id',
    {
      config: { permission: 'payments:read' },
      schema: {
        tags: ['payments'],
        summary: 'A payment with its allocations',
        params: paymentParams,
        response: { 200: paymentSchema },
      },
    },
    async (request) =>
      toPaymentJson(await getPayment(request.db, request.context.companyId, request.params.id)),
  );

  app.post(
    '/v1/payments/:id/reversal',
    {
      config: { permission: 'payments:write' },
      schema: {
        tags: ['payments'],
        summary: 'Reverse a payment: post the mirror entry and re-open the items it settled',
        description:
          'Returns 201 when this request reversed the payment and 200 when a retry repeats the Idempotency-Key of the reversal; reversing a reversed payment otherwise is a 409.',
        headers: optionalIdempotencyHeaders,
        params: paymentParams,
        body: reversePaymentBody,
        response: { 200: paymentSchema, 201: paymentSchema },
      },
    },
    async (request, reply) => {
      const { payment, replayed } = await reversePayment(request.db, request.context, {
        paymentId: request.params.id,
        reason: request.body.reason,
        reversedOn: request.body.reversedOn,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(toPaymentJson(payment));
    },
  );
};
