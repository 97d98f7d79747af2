import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import { hasPermission, type Permission } from '../../../platform/auth/permissions.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { listServiceAgreements } from '../../agreements/index.js';
import { listAuditEvents } from '../../audit/index.js';
import { listAccountBills } from '../../billing/index.js';
import { getCustomer, listAccounts } from '../../customers/index.js';
import { listUsers } from '../../identity/index.js';
import { getAccountStatement } from '../../ledger/index.js';
import { getPremise, getServicePoint } from '../../premises/index.js';
import { listRegisterReads, maxReadPageSize } from '../../readings/index.js';

const MAX_ITEMS = 500;

/**
 * Gathers all data the company stores about one customer, for a subject access request. That is the
 * customer with contacts and identifications, the accounts with agreements, bills and ledger statement,
 * the premises supplied with the meter reads taken there meanwhile, self-service logins, and the audit
 * events about the customer and its accounts. The export itself is audited.
 */
export async function exportPersonalData(db: Db, context: RequestContext, customerId: string) {
  assertPermission(context, 'privacy:read');
  // Each part needs the read permission of its module, as it would through its own route. Parts the
  // principal may not read are left out and named in `omitted`.
  const granted = context.permissions ?? ['*'];
  const may = (permission: Permission) => hasPermission(granted, permission);
  const omitted = (
    [
      'agreements:read',
      'premises:read',
      'readings:read',
      'billing:read',
      'ledger:read',
      'identity:read',
      'audit:read',
    ] as const
  ).filter((permission) => !may(permission));
  const customer = await getCustomer(db, context, customerId);
  const accounts = (await listAccounts(db, context, { customerId, limit: MAX_ITEMS, offset: 0 })).items;
  const page = { limit: MAX_ITEMS, offset: 0 };

  const accountData = [];
  const supplies: { servicePointId: string; startOn: string; endOn: string | null }[] = [];
  for (const account of accounts) {
    const entry: Record<string, unknown> = { account };
    if (may('agreements:read')) {
      const agreements = (await listServiceAgreements(db, context, { accountId: account.id, ...page })).items;
      entry.agreements = agreements;
      supplies.push(...agreements);
    }
    if (may('billing:read'))
      entry.bills = (await listAccountBills(db, context.companyId, account.id, page)).items;
    if (may('ledger:read')) entry.statement = await getAccountStatement(db, context.companyId, account.id);
    accountData.push(entry);
  }
  // The places the customer was supplied, and the meter reads taken there while it was.
  const suppliedPlaces = [];
  for (const supply of supplies) {
    const place: Record<string, unknown> = {
      servicePointId: supply.servicePointId,
      from: supply.startOn,
      until: supply.endOn,
    };
    if (may('premises:read')) {
      const servicePoint = await getServicePoint(db, context, supply.servicePointId);
      place.servicePoint = servicePoint;
      place.premise = await getPremise(db, context, servicePoint.premiseId);
    }
    if (may('readings:read')) {
      place.registerReads = await listRegisterReads(db, context.companyId, {
        servicePointId: supply.servicePointId,
        from: supply.startOn,
        ...(supply.endOn ? { to: supply.endOn } : {}),
        limit: maxReadPageSize,
      });
    }
    suppliedPlaces.push(place);
  }

  const exported: Record<string, unknown> = {
    exportedAt: new Date().toISOString(),
    customer,
    accounts: accountData,
    suppliedPlaces,
    omitted,
  };
  if (may('identity:read')) {
    const logins = await listUsers(db, context.companyId, 'customer');
    exported.selfServiceLogins = logins.filter((user) => user.customerId === customerId);
  }
  if (may('audit:read')) {
    const events = [];
    for (const entityId of [customerId, ...accounts.map((account) => account.id)]) {
      const query = { entityId, limit: MAX_ITEMS };
      events.push(...(await listAuditEvents(db, context.companyId, query, granted)).items);
    }
    exported.auditEvents = events;
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
  // Amounts are bigints in minor units; the export writes them as strings, as the rest of the API does.
  return JSON.parse(
    JSON.stringify(exported, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  ) as Record<string, unknown>;
}
