import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { listServiceAgreements } from '../../agreements/index.js';
import { listAuditEvents } from '../../audit/index.js';
import { listAccountBills } from '../../billing/index.js';
import { getCustomer, listAccounts } from '../../customers/index.js';
import { listUsers } from '../../identity/index.js';
import { getAccountStatement } from '../../ledger/index.js';

const MAX_ITEMS = 500;

/**
 * Gathers all data the company stores about one customer, for a subject access request: the customer
 * with contacts and identifications, accounts with agreements, bills and ledger statement, self-service
 * logins, and the audit events about the customer and its accounts. The export itself is audited.
 */
export async function exportPersonalData(db: Db, context: RequestContext, customerId: string) {
  assertPermission(context, 'customers:read');
  const customer = await getCustomer(db, context, customerId);
  const accounts = (await listAccounts(db, context, { customerId, limit: MAX_ITEMS, offset: 0 })).items;
  const accountData = [];
  for (const account of accounts) {
    accountData.push({
      account,
      agreements: (
        await listServiceAgreements(db, context, { accountId: account.id, limit: MAX_ITEMS, offset: 0 })
      ).items,
      bills: (await listAccountBills(db, context.companyId, account.id, { limit: MAX_ITEMS, offset: 0 }))
        .items,
      statement: await getAccountStatement(db, context.companyId, account.id),
    });
  }
  const logins = (await listUsers(db, context.companyId, 'customer')).filter(
    (user) => user.customerId === customerId,
  );
  const auditEvents = [];
  for (const entityId of [customerId, ...accounts.map((account) => account.id)]) {
    auditEvents.push(
      ...(await listAuditEvents(db, context.companyId, { entityId, limit: MAX_ITEMS }, ['*'])).items,
    );
  }
  await db.transaction().execute((trx) =>
    recordAudit(trx, context, [
      {
        entityType: 'customer',
        entityId: customerId,
        action: 'export',
        changes: { accounts: [null, accounts.length] },
      },
    ]),
  );
  const exported = {
    exportedAt: new Date().toISOString(),
    customer,
    accounts: accountData,
    selfServiceLogins: logins,
    auditEvents,
  };
  // Amounts are bigints in minor units; the export writes them as strings, as the rest of the API does.
  return JSON.parse(
    JSON.stringify(exported, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  ) as Record<string, unknown>;
}
