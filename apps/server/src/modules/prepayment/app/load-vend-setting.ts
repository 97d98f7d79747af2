import { Temporal } from 'temporal-polyfill';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { AppError, ruleViolation } from '../../../platform/errors/app-error.js';
import { selectAgreementsInForce, type ServiceAgreement } from '../../agreements/index.js';
import { getCompany, type Company } from '../../companies/index.js';
import { listMeterInstallations } from '../../devices/index.js';
import { listTariffVersionsInForce } from '../../rates/index.js';
import type { DeductionRule } from '../domain/deduction-rule.js';
import type { MonthToDate } from '../domain/month-to-date.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import type { PrepaidService } from '../domain/prepaid-service.js';
import { readPriceBlocks, type PriceBlock } from '../domain/price-blocks.js';
import { computeVendMonth, type VendMonth } from '../domain/vend-month.js';
import { listDeductionRules } from '../db/deduction-rule-queries.js';
import { resolveMonthToDates } from '../db/month-to-date-queries.js';
import type { LockedPrepaidMeter } from '../db/prepaid-meter-queries.js';
import { selectVendAccounts } from '../db/vend-account-queries.js';
import type { VendCustomer } from './load-vend-customers.js';
import { serviceMismatch } from './service-mismatch.js';

/** Everything a quote for one meter at one instant depends on. */
export type VendSetting = {
  company: Company;
  month: VendMonth;
  meter: PrepaidMeter;
  agreement: ServiceAgreement;
  tariffVersionId: string;
  /** The meter's service, which its tariff prices: it decides the credit token and the unit. */
  service: PrepaidService;
  blocks: PriceBlock[];
  unit: string;
  rules: DeductionRule[];
  monthToDate: MonthToDate;
  debtMinor: bigint;
  freeUnitsPerMonth: string | null;
  /** The account number and customer name that the receipt shows. */
  customer: VendCustomer;
};

/**
 * Loads what a purchase for the meter depends on. That is the prepaid agreement in force at the meter's
 * service point on the vend's local date, the price blocks of its tariff and the deduction rules. It is
 * also the meter's month-to-date figures, the account's debt and its free basic units. The free units are
 * zero when a vend of the month already gave the account its free units of the meter's service. With
 * `lockAccount`, the account is locked before those are read, so two vends cannot both recover the same
 * debt or both take the free units. Throws the rule violation that stops a purchase (see loadVendSettings).
 */
export async function loadVendSetting(
  trx: Trx,
  context: RequestContext,
  meter: PrepaidMeter,
  at: Temporal.Instant,
  options: { lockAccount: boolean },
): Promise<VendSetting> {
  const setting = (await loadVendSettings(trx, context, [meter], at, options)).get(meter.meterId)!;
  if (setting instanceof AppError) throw setting;
  return setting;
}

/**
 * Loads the setting of a purchase (see loadVendSetting) for each of the meters, with one statement per
 * kind of fact for all of them. A meter that cannot be sold to gets the rule violation that explains why.
 * Either it is not installed, or its service point has no prepaid agreement in force, or the agreement's
 * tariff has no version in force that can price a purchase. With `lockAccount`, the accounts are locked in id
 * order before their balances are read.
 */
export async function loadVendSettings(
  trx: Trx,
  context: RequestContext,
  meters: readonly PrepaidMeter[],
  at: Temporal.Instant,
  options: { lockAccount: boolean },
): Promise<Map<string, VendSetting | AppError>> {
  const { companyId } = context;
  const company = await getCompany(trx, companyId);
  const month = computeVendMonth(at, company.timeZone);
  const date = month.accountingDate;
  const settings = new Map<string, VendSetting | AppError>();

  const agreements = await findPrepaidAgreements(trx, context, meters, date);
  const prices = await findPrices(trx, companyId, [...agreements.values()], date);
  const sellable: { meter: PrepaidMeter; agreement: ServiceAgreement; prices: Prices }[] = [];
  for (const meter of meters) {
    const agreement = agreements.get(meter.meterId)!;
    if (agreement instanceof AppError) settings.set(meter.meterId, agreement);
    else {
      const price = prices.get(agreement.id)!;
      if (price instanceof AppError) settings.set(meter.meterId, price);
      else if (price.service !== meter.service) {
        settings.set(meter.meterId, serviceMismatch(meter, agreement, price));
      } else sellable.push({ meter, agreement, prices: price });
    }
  }

  const rules = await listDeductionRules(trx, companyId);
  const accountIds = [...new Set(sellable.map(({ agreement }) => agreement.accountId))].sort();
  // A meter locked for a sale brings the figures its row stores, and the others are summed from vends.
  const stored = sellable.map(
    ({ meter }) => [meter.meterId, (meter as Partial<LockedPrepaidMeter>).storedMonthToDate ?? null] as const,
  );
  const monthToDates = await resolveMonthToDates(trx, companyId, new Map(stored), month.vendMonth);
  const recoversDebt = rules.some((rule) => rule.kind === 'debt-recovery');
  // A sale locks the accounts whatever its rules, because free basic units are the account's too.
  const accounts = await selectVendAccounts(trx, companyId, accountIds, {
    date,
    month,
    withBalance: recoversDebt,
    lock: options.lockAccount,
  });
  for (const { meter, agreement, prices: price } of sellable) {
    const account = accounts.get(agreement.accountId);
    if (account === undefined)
      throw new Error(`Account ${agreement.accountId} of a prepaid agreement is missing.`);
    settings.set(meter.meterId, {
      company,
      month,
      meter,
      agreement,
      ...price,
      rules,
      monthToDate: monthToDates.get(meter.meterId)!,
      debtMinor: account.balanceMinor,
      freeUnitsPerMonth: account.freeUnitsIssuedFor.has(meter.service)
        ? null
        : (account.freeUnitsByService.get(meter.service) ?? null),
      customer: { accountNumber: account.accountNumber, customerName: account.customerName },
    });
  }
  return settings;
}

type Prices = { tariffVersionId: string; service: PrepaidService; blocks: PriceBlock[]; unit: string };

/** Finds each meter's prepaid agreement in force on `date`, or the rule violation that explains why it has none. */
async function findPrepaidAgreements(
  trx: Trx,
  context: RequestContext,
  meters: readonly PrepaidMeter[],
  date: string,
): Promise<Map<string, ServiceAgreement | AppError>> {
  const installations = await listMeterInstallations(trx, context, {
    meterIds: meters.map((meter) => meter.meterId),
  });
  const servicePoints = new Map<string, string>();
  for (const installation of installations) {
    const inPlace =
      installation.installedOn <= date && (installation.removedOn === null || installation.removedOn > date);
    if (inPlace && !servicePoints.has(installation.meterId)) {
      servicePoints.set(installation.meterId, installation.servicePointId);
    }
  }
  const agreementsInForce = await selectAgreementsInForce(
    trx,
    context.companyId,
    [...servicePoints.values()],
    date,
    'prepaid',
  );
  const agreementAt = new Map<string, ServiceAgreement>();
  for (const agreement of agreementsInForce) {
    if (!agreementAt.has(agreement.servicePointId)) agreementAt.set(agreement.servicePointId, agreement);
  }

  const agreements = new Map<string, ServiceAgreement | AppError>();
  for (const meter of meters) {
    const servicePointId = servicePoints.get(meter.meterId);
    const agreement = servicePointId === undefined ? undefined : agreementAt.get(servicePointId);
    if (servicePointId === undefined) {
      agreements.set(
        meter.meterId,
        ruleViolation(
          'PREPAYMENT.METER_NOT_INSTALLED',
          `Meter ${meter.pan} is not installed at a service point on ${date}, so nobody can buy for it: install it first.`,
        ),
      );
    } else if (agreement === undefined) {
      agreements.set(
        meter.meterId,
        ruleViolation(
          'PREPAYMENT.NO_PREPAID_AGREEMENT',
          `Service point ${servicePointId} of meter ${meter.pan} has no prepaid agreement in force on ${date}: create one with paymentMode prepaid.`,
        ),
      );
    } else agreements.set(meter.meterId, agreement);
  }
  return agreements;
}

/** Finds the price blocks of each agreement's tariff version in force on `date`, or the rule violation. */
async function findPrices(
  trx: Trx,
  companyId: string,
  agreements: readonly (ServiceAgreement | AppError)[],
  date: string,
): Promise<Map<string, Prices | AppError>> {
  const inForce = agreements.filter(
    (agreement): agreement is ServiceAgreement => !(agreement instanceof AppError),
  );
  const day = Temporal.PlainDate.from(date);
  const versions = await listTariffVersionsInForce(
    trx,
    companyId,
    inForce.map((agreement) => agreement.tariffId),
    day,
    day.add({ days: 1 }),
  );
  const pricesOfTariff = new Map<string, Prices | AppError>();
  for (const version of versions) {
    if (pricesOfTariff.has(version.tariffId)) continue;
    const prices = readPriceBlocks(version.definition);
    pricesOfTariff.set(
      version.tariffId,
      prices.kind === 'not-vendable'
        ? ruleViolation(
            'PREPAYMENT.TARIFF_NOT_VENDABLE',
            `Tariff version ${version.id} cannot price a purchase: ${prices.reason}.`,
            [{ path: `tariff.definition.${prices.field}`, message: prices.reason }],
          )
        : { tariffVersionId: version.id, service: prices.service, blocks: prices.blocks, unit: prices.unit },
    );
  }
  const prices = new Map<string, Prices | AppError>();
  for (const agreement of inForce) {
    prices.set(
      agreement.id,
      pricesOfTariff.get(agreement.tariffId) ??
        ruleViolation(
          'PREPAYMENT.NO_TARIFF_VERSION',
          `Tariff ${agreement.tariffId} of agreement ${agreement.id} has no version in force on ${date}: add one.`,
        ),
    );
  }
  return prices;
}
