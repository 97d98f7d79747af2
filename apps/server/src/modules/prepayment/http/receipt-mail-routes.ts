import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { mailVendReceipt, maxReceiptMailsPerVend } from '../app/mail-vend-receipt.js';
import { mailVendReceiptBody } from '../domain/receipt-mail-schemas.js';
import { sellers } from './sellers.js';

/** Registers the route that mails a vend's receipt to the customer. */
export const receiptMailRoutes: RoutePlugin = (app) => {
  app.post(
    '/v1/prepaid/vends/:id/receipt-mails',
    {
      config: { permission: 'vending:write', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: "Mail a vend's receipt with its tokens to an address the customer gives",
        description:
          'Returns 202 once the mail is queued; the server sends it within seconds and retries a failed send. ' +
          'The mail has the meter number, amount, units and tokens, but not the account number or name. ' +
          `A reversed vend is a 409 (PREPAYMENT.VEND_REVERSED), and more than ${maxReceiptMailsPerVend} ` +
          'mails of one vend in 24 hours a 422 (PREPAYMENT.RECEIPT_MAIL_LIMIT).',
        params: z.object({ id: z.uuid() }),
        body: mailVendReceiptBody,
        response: {
          202: z
            .object({ vendId: z.uuid(), email: z.string(), status: z.literal('queued') })
            .meta({ id: 'QueuedReceiptMail' }),
        },
      },
    },
    async (request, reply) => {
      const queued = await mailVendReceipt(request.db, request.context, request.params.id, request.body);
      return reply.code(202).send({ ...queued, status: 'queued' as const });
    },
  );
};
