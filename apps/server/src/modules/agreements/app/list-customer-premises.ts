import { accessDenied } from '../../../platform/errors/app-error.js';
import { hasPermission, type Permission } from '../../../platform/auth/permissions.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { getCustomer, listAccounts } from '../../customers/index.js';
import {
  listPremisesByIds,
  listServicePointsByIds,
  type Premise,
  type ServicePoint,
} from '../../premises/index.js';
import {
  maxCustomerPremiseAccounts,
  maxCustomerPremiseAgreements,
  type CustomerPremises,
} from '../domain/customer-premises-schemas.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import { listAgreementsOfAccounts } from '../db/service-agreement-queries.js';

type PremiseEntry = CustomerPremises['items'][number];
type ServicePointEntry = PremiseEntry['servicePoints'][number];

const requiredPermissions: Permission[] = ['customers:read', 'agreements:read', 'premises:read'];

/**
 * Lists the premises that the customer's accounts supply or supplied, each with the service points
 * supplied and the agreements (with account numbers) that supply them. Premises come in the order of
 * their newest agreement, newest first. Throws CUSTOMERS.CUSTOMER_NOT_FOUND for another company's customer.
 */
export async function listCustomerPremises(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
): Promise<CustomerPremises> {
  for (const permission of requiredPermissions) {
    if (context.permissions && !hasPermission(context.permissions, permission)) {
      throw accessDenied(
        'forbidden',
        'AUTH.PERMISSION_MISSING',
        `This principal lacks the permission ${permission} that the premises of a customer need.`,
        { permission },
      );
    }
  }
  await getCustomer(db, context, customerId);
  const accounts = await listAccounts(db, context, {
    customerId,
    sort: 'accountNumber:asc',
    limit: maxCustomerPremiseAccounts,
  });
  const accountNumbers = new Map(accounts.items.map((account) => [account.id, account.accountNumber]));
  const agreements = await listAgreementsOfAccounts(
    db,
    context.companyId,
    [...accountNumbers.keys()],
    maxCustomerPremiseAgreements + 1,
  );
  const listed = agreements.slice(0, maxCustomerPremiseAgreements);
  const servicePoints = await listServicePointsByIds(db, context, [
    ...new Set(listed.map((agreement) => agreement.servicePointId)),
  ]);
  const premises = await listPremisesByIds(db, context, [
    ...new Set(servicePoints.map((point) => point.premiseId)),
  ]);

  return {
    items: groupByPremise(listed, accountNumbers, servicePoints, premises),
    truncated: accounts.total > accounts.items.length || agreements.length > listed.length,
  };
}

/** Groups agreements (newest first) by premise and service point, keeping the order of first appearance. */
function groupByPremise(
  agreements: ServiceAgreement[],
  accountNumbers: Map<string, string>,
  servicePoints: ServicePoint[],
  premises: Premise[],
): PremiseEntry[] {
  const pointsById = new Map(servicePoints.map((point) => [point.id, point]));
  const premisesById = new Map(premises.map((premise) => [premise.id, premise]));
  const premiseEntries = new Map<string, PremiseEntry>();
  const pointEntries = new Map<string, ServicePointEntry>();
  for (const agreement of agreements) {
    const point = pointsById.get(agreement.servicePointId);
    const premise = point && premisesById.get(point.premiseId);
    const accountNumber = accountNumbers.get(agreement.accountId);
    if (!point || !premise || accountNumber === undefined) continue;
    let premiseEntry = premiseEntries.get(premise.id);
    if (!premiseEntry) {
      premiseEntry = { premise, servicePoints: [] };
      premiseEntries.set(premise.id, premiseEntry);
    }
    let pointEntry = pointEntries.get(point.id);
    if (!pointEntry) {
      pointEntry = { ...point, agreements: [] };
      pointEntries.set(point.id, pointEntry);
      premiseEntry.servicePoints.push(pointEntry);
    }
    const { id, accountId, startOn, endOn } = agreement;
    pointEntry.agreements.push({ id, accountId, accountNumber, startOn, endOn });
  }
  return [...premiseEntries.values()];
}
