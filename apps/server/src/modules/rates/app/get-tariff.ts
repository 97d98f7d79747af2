import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { findTariff } from '../db/find-tariff.js';
import { listTariffVersions } from '../db/list-tariff-versions.js';
import type { TariffWithVersions } from '../domain/tariff.js';
import { tariffNotFound } from './add-tariff-version.js';

/** Returns a tariff with all its versions, oldest first; throws RATES.TARIFF_NOT_FOUND when it is not in the company. */
export async function getTariff(
  db: DbOrTrx,
  companyId: string,
  tariffId: string,
): Promise<TariffWithVersions> {
  const tariff = await findTariff(db, companyId, tariffId);
  if (!tariff) throw tariffNotFound(tariffId);
  return { ...tariff, versions: await listTariffVersions(db, companyId, tariffId) };
}
