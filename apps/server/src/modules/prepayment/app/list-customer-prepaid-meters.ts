import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { listServiceAgreements, type ServiceAgreement } from '../../agreements/index.js';
import { getCompany } from '../../companies/index.js';
import { listAccounts } from '../../customers/index.js';
import { listMeterInstallations } from '../../devices/index.js';
import { listPremisesByIds, listServicePointsByIds, type Premise } from '../../premises/index.js';
import { selectPansByMeterIds } from '../db/prepaid-meter-queries.js';

/** The maximum number of a customer's accounts whose meters are listed: the largest page of listAccounts. */
export const maxSelfServiceAccounts = 500;

/** A prepaid meter that supplies one of the customer's accounts, with the address it supplies. */
export type CustomerPrepaidMeter = {
  meterId: string;
  /** The 18-digit meter number that the customer types when buying units. */
  pan: string;
  /** The service the customer buys for the meter: that of the service point where it is installed. */
  service: 'electricity' | 'gas' | 'water';
  accountId: string;
  accountNumber: string;
  address: Omit<Premise, 'id' | 'location'>;
};

/**
 * Lists the prepaid meters that supply the customer's accounts today: the STS meters installed at the
 * service points of the customer's prepaid agreements in force, by account number, then meter number.
 * `today` is a date in the company's time zone, which defaults to the current one there. A prepaid
 * agreement whose meter has no STS key data is left out, because no units can be sold for it.
 */
export async function listCustomerPrepaidMeters(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
  options: { today?: string } = {},
): Promise<CustomerPrepaidMeter[]> {
  const today =
    options.today ?? Temporal.Now.plainDateISO((await getCompany(db, context.companyId)).timeZone).toString();
  const accounts = await listAccounts(db, context, {
    customerId,
    sort: 'accountNumber:asc',
    limit: maxSelfServiceAccounts,
  });
  // NOTE: one query per account. Prepaid customers have one or a few accounts, but a customer with
  // hundreds would make this slow.
  const agreements: ServiceAgreement[] = [];
  for (const account of accounts.items) {
    const page = await listServiceAgreements(db, context, {
      accountId: account.id,
      paymentMode: 'prepaid',
      activeOn: today,
      limit: 500,
    });
    agreements.push(...page.items);
  }
  if (agreements.length === 0) return [];

  const servicePointIds = [...new Set(agreements.map((agreement) => agreement.servicePointId))];
  const installations = (await listMeterInstallations(db, context, { servicePointIds })).filter(
    (installation) =>
      installation.installedOn <= today &&
      (installation.removedOn === null || installation.removedOn > today),
  );
  const pans = await selectPansByMeterIds(
    db,
    context.companyId,
    installations.map((installation) => installation.meterId),
  );
  const servicePoints = await listServicePointsByIds(db, context, servicePointIds);
  const premises = await listPremisesByIds(db, context, [
    ...new Set(servicePoints.map((point) => point.premiseId)),
  ]);
  const servicePointById = new Map(servicePoints.map((point) => [point.id, point]));
  const premiseOfPoint = new Map(
    servicePoints.map((point) => [point.id, premises.find((premise) => premise.id === point.premiseId)]),
  );
  const accountNumbers = new Map(accounts.items.map((account) => [account.id, account.accountNumber]));

  const meters: CustomerPrepaidMeter[] = [];
  for (const agreement of agreements) {
    const premise = premiseOfPoint.get(agreement.servicePointId);
    const servicePoint = servicePointById.get(agreement.servicePointId);
    const accountNumber = accountNumbers.get(agreement.accountId);
    if (!premise || !servicePoint || accountNumber === undefined) continue;
    for (const installation of installations) {
      const pan = pans.get(installation.meterId);
      if (installation.servicePointId !== agreement.servicePointId || pan === undefined) continue;
      const { addressLine1, addressLine2, city, postalCode, region, country } = premise;
      meters.push({
        meterId: installation.meterId,
        pan,
        service: servicePoint.service,
        accountId: agreement.accountId,
        accountNumber,
        address: { addressLine1, addressLine2, city, postalCode, region, country },
      });
    }
  }
  return meters.sort((a, b) => a.accountNumber.localeCompare(b.accountNumber) || a.pan.localeCompare(b.pan));
}
