import { z } from 'zod';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { sellers } from './sellers.js';
import { confirmVend } from '../app/confirm-vend.js';
import { correctVend } from '../app/correct-vend.js';
import { getVend } from '../app/get-vend.js';
import { listCustomerVends } from '../app/list-customer-vends.js';
import { loadVendCustomer, loadVendCustomers } from '../app/load-vend-customers.js';
import { quotePrepaidVend } from '../app/quote-prepaid-vend.js';
import { reprintVend } from '../app/reprint-vend.js';
import { reverseVend } from '../app/reverse-vend.js';
import { createVendBatcher } from '../app/vend-batcher.js';
import {
  correctVendBody,
  quoteVendBody,
  reverseVendBody,
  vendBody,
  type QuoteVendBody,
} from '../domain/vend-request-schemas.js';
import type { Vend } from '../domain/vend.js';
import { quoteSchema, toQuoteJson, toVendJson, vendSchema } from './vend-json.js';
import { receiptMailRoutes } from './receipt-mail-routes.js';
import { vendListRoutes } from './vend-list-routes.js';

const vendParams = z.object({ id: z.uuid() });
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .describe(
      'Client-chosen key (a UUID works well): a retry with the same key and body returns the same tokens',
    ),
});

function toVendRequest(body: QuoteVendBody) {
  return {
    meter: body.meterId !== undefined ? { meterId: body.meterId } : { pan: body.pan ?? '' },
    amountMinor: BigInt(body.amountMinor),
    currency: body.currency,
    channel: body.channel,
  };
}

/** Writes a vend as JSON with its account number and customer name, which one more query reads. */
async function toVendWithCustomerJson(
  request: { db: Db; context: RequestContext },
  vend: Vend,
  options: { copy: boolean } = { copy: false },
) {
  return toVendJson(vend, await loadVendCustomer(request.db, request.context, vend.accountId), options);
}

/** A top-up as self-service shows it: without the selling agent and its commission. */
const customerVendSchema = vendSchema.omit({
  commissionMinor: true,
  agentId: true,
  outletId: true,
  correction: true,
});

/**
 * Registers the selling routes: quote, vend, the sales list, read, reprint, mail, confirm and reverse, and
 * the back-office correction.
 */
export const prepaidVendRoutes: RoutePlugin = (app, dependencies) => {
  const { tokenIssuer } = dependencies;
  const batcher = createVendBatcher(tokenIssuer, { log: app.log });
  vendListRoutes(app, dependencies);
  receiptMailRoutes(app, dependencies);
  app.post(
    '/v1/prepaid/quotes',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'Quote the deductions and units an amount buys for a prepaid meter, without buying',
        body: quoteVendBody,
        response: { 200: quoteSchema },
      },
    },
    async (request) =>
      toQuoteJson(await quotePrepaidVend(request.db, request.context, toVendRequest(request.body))),
  );

  app.post(
    '/v1/prepaid/vends',
    {
      config: { permission: 'vending:write', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'Buy units for a prepaid meter and issue its STS tokens',
        description:
          'Needs an Idempotency-Key header or a transactionReference, or both. Returns 201 with the tokens for a new vend and 200 with the same vend when the key or reference was used before with the same body; with another body it is a 409.',
        headers: idempotencyHeaders,
        body: vendBody,
        response: { 200: vendSchema, 201: vendSchema },
      },
    },
    async (request, reply) => {
      const { vend, replayed, customer } = await batcher.vend(request.db, request.context, {
        ...toVendRequest(request.body),
        transactionReference: request.body.transactionReference,
        idempotencyKey: request.headers['idempotency-key'],
      });
      void reply.header('location', `/v1/prepaid/vends/${vend.id}`);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(toVendJson(vend, customer));
    },
  );

  app.get(
    '/v1/prepaid/vends/:id',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'A vend with its receipt lines and tokens',
        params: vendParams,
        response: { 200: vendSchema },
      },
    },
    async (request) =>
      toVendWithCustomerJson(request, await getVend(request.db, request.context, request.params.id)),
  );

  app.post(
    '/v1/prepaid/vends/:id/reprint',
    {
      config: { permission: 'vending:write', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: "Hand out a copy of a vend's tokens, marked as a copy and counted",
        params: vendParams,
        response: { 200: vendSchema },
      },
    },
    async (request) =>
      toVendWithCustomerJson(request, await reprintVend(request.db, request.context, request.params.id), {
        copy: true,
      }),
  );

  app.post(
    '/v1/prepaid/vends/:id/confirm',
    {
      config: { permission: 'vending:write', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary:
          'Confirm that the customer has the token: the vend is released and can no longer be reversed',
        params: vendParams,
        response: { 200: vendSchema },
      },
    },
    async (request, reply) => {
      const { vend, replayed } = await confirmVend(request.db, request.context, request.params.id);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return toVendWithCustomerJson(request, vend);
    },
  );

  app.post(
    '/v1/prepaid/vends/:id/reverse',
    {
      config: { permission: 'vending:write', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'Reverse a vend before its token is released',
        description:
          'Posts the mirror of the vend and voids its tokens. A released vend is a 409 (PREPAYMENT.VEND_RELEASED): its token may be in the meter, so it needs a back-office correction (POST /v1/prepaid/vends/{id}/corrections) instead.',
        params: vendParams,
        body: reverseVendBody,
        response: { 200: vendSchema },
      },
    },
    async (request, reply) => {
      const { vend, replayed } = await reverseVend(request.db, request.context, {
        vendId: request.params.id,
        reason: request.body.reason,
      });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return toVendWithCustomerJson(request, vend);
    },
  );

  app.post(
    '/v1/prepaid/vends/:id/corrections',
    {
      config: { permission: 'vend-corrections:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Undo an issued or released vend in an audited back-office correction',
        description:
          'For staff users with vend-corrections:write; API keys are rejected (403 PREPAYMENT.CORRECTION_NEEDS_USER) so that ' +
          'the audit trail names a person. The vend becomes reversed with the reason code, the reason and the user: its ' +
          'posting is mirrored, an agent gets the amount back in its float less the commission, and the open items its ' +
          "recovered debt settled are open again. The token cannot be recalled: a released vend's credit may already be " +
          'in the meter. A released vend with a key change is a 409 (PREPAYMENT.KEY_CHANGE_RELEASED). Correcting a ' +
          'reversed vend returns it with the Idempotent-Replayed header.',
        params: vendParams,
        body: correctVendBody,
        response: { 200: vendSchema },
      },
    },
    async (request, reply) => {
      const { vend, replayed } = await correctVend(request.db, request.context, {
        vendId: request.params.id,
        reasonCode: request.body.reasonCode,
        reason: request.body.reason,
      });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return toVendWithCustomerJson(request, vend);
    },
  );

  app.get(
    '/v1/self-service/prepaid/vends',
    {
      config: { permission: 'self', principals: ['customer'] },
      schema: {
        tags: ['prepayment'],
        summary: "The signed-in customer's prepaid top-ups with their tokens, newest first",
        description:
          'For a customer user signed in to self-service: the vends of all the accounts of its customer, ' +
          'reversed ones left out. `before` is the `nextBefore` of the previous page.',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.iso.datetime().optional(),
        }),
        response: {
          200: z.object({ items: z.array(customerVendSchema), nextBefore: z.iso.datetime().nullable() }),
        },
      },
    },
    async (request) => {
      const customerId = request.session?.customerId;
      if (!customerId) throw new Error('A customer session has no customer id.');
      const page = await listCustomerVends(request.db, request.context, customerId, request.query);
      const customers = await loadVendCustomers(
        request.db,
        request.context,
        page.items.map((vend) => vend.accountId),
      );
      // The agent's commission and ids, and the staff user who corrected a vend, are the utility's
      // business, not the customer's. A corrected vend shows as reversed, with its reason.
      const items = page.items.map((vend) => {
        const customer = customers.get(vend.accountId);
        if (!customer) throw new Error(`Account ${vend.accountId} of vend ${vend.id} is missing.`);
        const {
          commissionMinor: _commission,
          agentId: _agent,
          outletId: _outlet,
          correction: _correction,
          ...shown
        } = toVendJson(vend, customer);
        return shown;
      });
      return { items, nextBefore: page.nextBefore };
    },
  );
};
