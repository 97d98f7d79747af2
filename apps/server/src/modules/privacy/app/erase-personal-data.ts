import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { listServiceAgreements } from '../../agreements/index.js';
import { listAccountBills } from '../../billing/index.js';
import { eraseCustomerData, getCustomer, listAccounts } from '../../customers/index.js';
import { eraseCustomerLogins } from '../../identity/index.js';

/**
 * Erases a customer's personal data, keeping what the law requires: issued invoices and the ledger stay,
 * and while invoices exist so do the name and tax id they show. A customer still supplied (an agreement
 * without an end) cannot be erased: end the supply first. Self-service logins are disabled and their
 * emails removed. Everything happens in one transaction and is audited.
 */
export async function erasePersonalData(
  db: Db,
  context: RequestContext,
  customerId: string,
  reason: string,
): Promise<{ erasedFields: string[]; keptForInvoices: boolean; loginsErased: number }> {
  assertPermission(context, 'privacy:write');
  await getCustomer(db, context, customerId);
  const accounts = (await listAccounts(db, context, { customerId, limit: 500, offset: 0 })).items;
  let hasIssuedBills = false;
  for (const account of accounts) {
    const agreements = await listServiceAgreements(db, context, {
      accountId: account.id,
      limit: 500,
      offset: 0,
    });
    const open = agreements.items.filter((agreement) => agreement.endOn === null);
    if (open.length > 0) {
      throw ruleViolation(
        'PRIVACY.CUSTOMER_STILL_SUPPLIED',
        `Account ${account.accountNumber} has agreements without an end (${open.map((agreement) => agreement.id).join(', ')}): end them before erasing the customer.`,
      );
    }
    const bills = await listAccountBills(db, context.companyId, account.id, { limit: 500, offset: 0 });
    if (bills.items.some((bill) => bill.status !== 'draft')) hasIssuedBills = true;
  }
  return db.transaction().execute(async (trx) => {
    const { erasedFields } = await eraseCustomerData(trx, context, customerId, {
      keepInvoiceIdentity: hasIssuedBills,
      reason,
    });
    const loginsErased = await eraseCustomerLogins(trx, context, customerId);
    return { erasedFields, keptForInvoices: hasIssuedBills, loginsErased };
  });
}
