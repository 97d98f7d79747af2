import { Temporal } from 'temporal-polyfill';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { listServiceAgreements, type ServiceAgreement } from '../../agreements/index.js';
import { getCompany, type Company } from '../../companies/index.js';
import { listMeterInstallations } from '../../devices/index.js';
import { getAccountBalance, lockAccounts } from '../../ledger/index.js';
import { listTariffVersionsInForce } from '../../rates/index.js';
import type { DeductionRule } from '../domain/deduction-rule.js';
import type { MonthToDate } from '../domain/month-to-date.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import { readPriceBlocks, type PriceBlock } from '../domain/price-blocks.js';
import { computeVendMonth, type VendMonth } from '../domain/vend-month.js';
import { listDeductionRules } from '../db/deduction-rule-queries.js';
import { findFreeUnitsPerMonth } from '../db/free-basic-allowance-queries.js';
import { selectMonthToDate } from '../db/month-to-date-queries.js';

/** Everything a quote for one meter at one instant depends on. */
export type VendSetting = {
  company: Company;
  month: VendMonth;
  meter: PrepaidMeter;
  agreement: ServiceAgreement;
  tariffVersionId: string;
  blocks: PriceBlock[];
  unit: string;
  rules: DeductionRule[];
  monthToDate: MonthToDate;
  debtMinor: bigint;
  freeUnitsPerMonth: string | null;
};

/**
 * Loads what a purchase for the meter depends on. That is the prepaid agreement in force at the meter's
 * service point on the vend's local date, the price blocks of its tariff and the deduction rules. It is
 * also the meter's month-to-date figures, the account's debt and its free basic units. With
 * `lockAccount`, the account is locked before its balance is read, so two vends cannot both recover the
 * same debt.
 */
export async function loadVendSetting(
  trx: Trx,
  context: RequestContext,
  meter: PrepaidMeter,
  at: Temporal.Instant,
  options: { lockAccount: boolean },
): Promise<VendSetting> {
  const { companyId } = context;
  const company = await getCompany(trx, companyId);
  const month = computeVendMonth(at, company.timeZone);
  const agreement = await findPrepaidAgreement(trx, context, meter, month.accountingDate);
  const prices = await findPrices(trx, companyId, agreement, month.accountingDate);

  const rules = await listDeductionRules(trx, companyId);
  const monthToDate = await selectMonthToDate(trx, companyId, meter.meterId, month.vendMonth);
  const recoversDebt = rules.some((rule) => rule.kind === 'debt-recovery');
  if (recoversDebt && options.lockAccount) await lockAccounts(trx, companyId, [agreement.accountId]);
  const debtMinor = recoversDebt ? await getAccountBalance(trx, companyId, agreement.accountId) : 0n;
  const freeUnitsPerMonth = await findFreeUnitsPerMonth(
    trx,
    companyId,
    agreement.accountId,
    month.accountingDate,
  );
  return { company, month, meter, agreement, ...prices, rules, monthToDate, debtMinor, freeUnitsPerMonth };
}

async function findPrepaidAgreement(
  trx: Trx,
  context: RequestContext,
  meter: PrepaidMeter,
  date: string,
): Promise<ServiceAgreement> {
  const installation = (await listMeterInstallations(trx, context, { meterId: meter.meterId })).find(
    (candidate) =>
      candidate.installedOn <= date && (candidate.removedOn === null || candidate.removedOn > date),
  );
  if (!installation) {
    throw ruleViolation(
      'PREPAYMENT.METER_NOT_INSTALLED',
      `Meter ${meter.pan} is not installed at a service point on ${date}, so nobody can buy for it: install it first.`,
    );
  }
  const agreements = await listServiceAgreements(trx, context, {
    servicePointId: installation.servicePointId,
    activeOn: date,
    paymentMode: 'prepaid',
    limit: 1,
  });
  const agreement = agreements.items[0];
  if (!agreement) {
    throw ruleViolation(
      'PREPAYMENT.NO_PREPAID_AGREEMENT',
      `Service point ${installation.servicePointId} of meter ${meter.pan} has no prepaid agreement in force on ${date}: create one with paymentMode prepaid.`,
    );
  }
  return agreement;
}

async function findPrices(
  trx: Trx,
  companyId: string,
  agreement: ServiceAgreement,
  date: string,
): Promise<{ tariffVersionId: string; blocks: PriceBlock[]; unit: string }> {
  const day = Temporal.PlainDate.from(date);
  const [version] = await listTariffVersionsInForce(
    trx,
    companyId,
    [agreement.tariffId],
    day,
    day.add({ days: 1 }),
  );
  if (!version) {
    throw ruleViolation(
      'PREPAYMENT.NO_TARIFF_VERSION',
      `Tariff ${agreement.tariffId} of agreement ${agreement.id} has no version in force on ${date}: add one.`,
    );
  }
  const prices = readPriceBlocks(version.definition);
  if (prices.kind === 'not-vendable') {
    throw ruleViolation(
      'PREPAYMENT.TARIFF_NOT_VENDABLE',
      `Tariff version ${version.id} cannot price a purchase: ${prices.reason}.`,
      [{ path: `tariff.definition.${prices.field}`, message: prices.reason }],
    );
  }
  return { tariffVersionId: version.id, blocks: prices.blocks, unit: prices.unit };
}
