import { TariffError, type RatingSettings } from '@open-cis/rating';
import type { DbOrTrx } from '../../../../platform/context/request-context.js';
import { ruleViolation } from '../../../../platform/errors/app-error.js';
import { getCompany } from '../../../companies/index.js';
import { getTariff, type TariffWithVersions } from '../../../rates/index.js';
import { compileTariffVersions, type TariffForBilling } from '../../domain/compile-tariff-versions.js';

/** A tariff compiled for the rating engine, with the company settings it rates in. */
export type RatingTariff = {
  tariff: TariffWithVersions;
  compiled: TariffForBilling;
  settings: RatingSettings;
  minorUnitExponent: number;
};

/**
 * Loads a tariff with all its versions and compiles them the way the bill run does. Throws
 * RATES.TARIFF_NOT_FOUND for a tariff of another company, and a rule violation for a tariff without
 * versions or with a definition the engine rejects.
 */
export async function loadRatingTariff(
  db: DbOrTrx,
  companyId: string,
  tariffId: string,
): Promise<RatingTariff> {
  const tariff = await getTariff(db, companyId, tariffId);
  if (tariff.versions.length === 0) {
    throw ruleViolation(
      'BILLING.RATE_CHECK_UNRATED',
      `Tariff ${tariff.code} has no versions to rate with; add one with POST /v1/tariffs/${tariff.id}/versions.`,
      [{ path: 'tariffId', message: `tariff ${tariff.code} has no versions` }],
    );
  }
  let compiled: TariffForBilling;
  try {
    compiled = compileTariffVersions(tariff.id, tariff.versions);
  } catch (error) {
    if (!(error instanceof TariffError)) throw error;
    throw ruleViolation(
      'BILLING.RATE_CHECK_INVALID_TARIFF',
      `Tariff ${tariff.code} cannot be rated: ${error.message}. Correct its versions, then check again.`,
      [{ path: 'tariffId', message: error.message }],
    );
  }
  const company = await getCompany(db, companyId);
  return {
    tariff,
    compiled,
    minorUnitExponent: company.currencyMinorUnit,
    settings: {
      currency: company.currency,
      minorUnitExponent: company.currencyMinorUnit,
      rounding: company.roundingMode,
      timeZone: company.timeZone,
    },
  };
}
