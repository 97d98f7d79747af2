export {
  addTariffVersion,
  type AddTariffVersionInput,
  type AddTariffVersionResult,
} from './app/add-tariff-version.js';
export { createTariff, type CreateTariffInput } from './app/create-tariff.js';
export { getTariff } from './app/get-tariff.js';
export { listTariffsByIds } from './app/list-tariffs-by-ids.js';
export {
  importTariffFromUrdb,
  type ImportUrdbTariffInput,
  type ImportUrdbTariffResult,
} from './app/import-urdb-tariff.js';
export { findTariff, findTariffByCode } from './db/find-tariff.js';
export { listTariffs, type ListTariffsOptions, type TariffPage } from './db/list-tariffs.js';
export { listTariffVersions } from './db/list-tariff-versions.js';
export { listTariffVersionsInForce } from './db/list-tariff-versions-in-force.js';
export type { RatesErrorCode } from './domain/rates-error-code.js';
export type { Tariff, TariffSource, TariffVersion, TariffWithVersions } from './domain/tariff.js';
export { tariffRoutes } from './http/tariff-routes.js';
