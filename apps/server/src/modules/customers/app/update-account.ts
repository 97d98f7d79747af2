import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { invalidInput, notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Account } from '../domain/account.js';
import { updateAccountInputSchema, type UpdateAccountInput } from '../domain/account-schemas.js';
import { findAccount, updateAccountRow } from '../db/account-queries.js';
import { mapAccountViolation } from './map-account-violation.js';

/** Changes an account's bill cycle, delivery and payment preferences, or closes and reopens it. */
export async function updateAccount(
  db: DbOrTrx,
  context: RequestContext,
  accountId: string,
  input: UpdateAccountInput,
): Promise<Account> {
  assertPermission(context, 'customers:write');
  const changes = parseInput(updateAccountInputSchema, input, 'CUSTOMERS.INVALID_ACCOUNT');

  return inTransaction(db, async (trx) => {
    const before = await findAccount(trx, context.companyId, accountId, { forUpdate: true });
    if (!before) {
      throw notFound('CUSTOMERS.ACCOUNT_NOT_FOUND', `Account ${accountId} was not found in this company.`);
    }
    const delivery = changes.billDelivery ?? before.billDelivery;
    const email =
      changes.billDeliveryEmail !== undefined ? changes.billDeliveryEmail : before.billDeliveryEmail;
    if (delivery === 'email' && !email) {
      throw invalidInput(
        'CUSTOMERS.INVALID_ACCOUNT',
        'billDeliveryEmail is required while billDelivery is "email": give the address the bills go to.',
        [
          {
            path: 'billDeliveryEmail',
            message: `is required when billDelivery is "email" (value: ${JSON.stringify(email)})`,
          },
        ],
      );
    }

    try {
      await updateAccountRow(trx, context.companyId, accountId, changes);
    } catch (error) {
      throw mapAccountViolation(error, { billCycleId: changes.billCycleId }) ?? error;
    }
    const after = await findAccount(trx, context.companyId, accountId);
    if (!after) throw new Error(`Account ${accountId} disappeared during its update.`);

    const changed: Record<string, unknown> = {};
    for (const field of Object.keys(changes) as (keyof typeof changes)[]) {
      if (before[field] !== after[field]) changed[field] = [before[field], after[field]];
    }
    await recordAudit(trx, context, [
      { entityType: 'account', entityId: accountId, action: 'update', changes: changed },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'account',
        aggregateId: accountId,
        eventType: after.status !== before.status ? `account.${after.status}` : 'account.updated',
        payload: { accountId, changedFields: Object.keys(changed) },
      },
    ]);
    return after;
  });
}
