import { sql } from 'kysely';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueJob } from '../../../platform/jobs/enqueue-job.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { mailVendReceiptBody, type MailVendReceiptInput } from '../domain/receipt-mail-schemas.js';
import { getVend } from './get-vend.js';

export const vendReceiptMailQueue = 'vend-receipt-mail';

/** Receipt mails one vend may get in 24 hours, so that a login cannot use the server to send bulk mail. */
export const maxReceiptMailsPerVend = 5;

/** A receipt mail queued for sending. */
export type QueuedReceiptMail = { vendId: string; email: string };

/**
 * Queues a mail of a vend's receipt with its tokens to the address the customer gave, in the vend's
 * transaction with its audit event, so the mail goes out only if the request commits. The same address
 * asked again while its mail is still queued gets that one mail. A reversed vend's tokens are void, so
 * none are sent (PREPAYMENT.VEND_REVERSED). An agent's login reaches only its own agent's vends.
 */
export async function mailVendReceipt(
  db: Db,
  context: RequestContext,
  vendId: string,
  input: MailVendReceiptInput,
): Promise<QueuedReceiptMail> {
  assertPermission(context, 'vending:write');
  const { email, language } = parseInput(mailVendReceiptBody, input, 'PREPAYMENT.INVALID_RECEIPT_MAIL');
  const address = email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const vend = await getVend(trx, context, vendId);
    if (vend.status === 'reversed') {
      throw conflict(
        'PREPAYMENT.VEND_REVERSED',
        `Vend ${vendId} was reversed at ${vend.reversedAt ?? '?'}, so its tokens are void and no receipt is sent.`,
      );
    }
    const recent = await sql<{ count: string }>`
      select count(*) as count from platform.job
      where company_id = ${context.companyId} and queue = ${vendReceiptMailQueue}
        and payload->>'vendId' = ${vendId} and created_at > now() - interval '24 hours'
    `.execute(trx);
    if (Number(recent.rows[0]?.count ?? 0) >= maxReceiptMailsPerVend) {
      throw ruleViolation(
        'PREPAYMENT.RECEIPT_MAIL_LIMIT',
        `Vend ${vendId} was mailed ${maxReceiptMailsPerVend} times in the last 24 hours, the maximum: print the receipt instead.`,
      );
    }
    // NOTE: the job keeps the address in its payload after the mail is sent, and erasing the customer
    // does not blank it, since nothing ties the address to the customer.
    const queued = await enqueueJob(trx, context.companyId, {
      queue: vendReceiptMailQueue,
      payload: { vendId, email: address, language: language ?? null, requestId: context.requestId ?? null },
      dedupeKey: `${vendId}:${address}`,
    });
    if (queued) {
      await recordAudit(trx, context, [
        {
          entityType: 'prepaid-vend',
          entityId: vendId,
          action: 'export',
          changes: { receipt_mailed_to: [null, maskAddress(address)] },
        },
      ]);
    }
    return { vendId, email: address };
  });
}

/**
 * Masks an address for the audit trail, as n***@example.com: its first letter and domain help settle a
 * dispute, and the customer's whole address stays out of the audit events, where erasure does not reach.
 */
function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, Math.min(1, at))}***${address.slice(at)}`;
}
