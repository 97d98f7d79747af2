import { assertPermission } from '../../../platform/auth/assert-permission.js';
import {
  importUrdbTariff,
  TariffError,
  type HorsepowerDemand,
  type UrdbImportResult,
  type UrdbImportWarning,
} from '@open-cis/rating';
import type { Temporal } from 'temporal-polyfill';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { getCompany } from '../../companies/index.js';
import { findTariffByCode } from '../db/find-tariff.js';
import type { Tariff, TariffVersion } from '../domain/tariff.js';
import {
  addVersionInTransaction,
  assertVersionRange,
  type AddTariffVersionResult,
} from './add-tariff-version.js';
import { assertNewTariff, createTariffInTransaction } from './create-tariff.js';
import { definitionError } from './parse-version-definition.js';
import { readPlainDate } from './read-plain-date.js';
import { readUrdbStartDate } from './read-urdb-start-date.js';

export type ImportUrdbTariffInput = {
  /** The URDB rate: the API response `{"items":[…]}`, a bare rate object, or either as a JSON string. */
  document: unknown;
  /** Tariff code; defaults to `urdb-<label>`. An existing tariff with this code gets the version added. */
  code?: string;
  /** First day in force (YYYY-MM-DD); defaults to the rate's `startdate` in the company's time zone. */
  effectiveFrom?: string;
  /** Demand priced per horsepower: `reject` (default), bill kW `as-kw`, or `convert` kW to hp. */
  hpDemand?: HorsepowerDemand;
};

export type ImportUrdbTariffResult = {
  tariff: Tariff;
  tariffCreated: boolean;
  version: TariffVersion;
  closedVersion: AddTariffVersionResult['closedVersion'];
  /** URDB fields that affect a real bill but were not imported; the caller shows them to the user. */
  warnings: UrdbImportWarning[];
};

/**
 * Imports a URDB rate as a tariff version, keeping the document as it arrived beside the converted
 * definition. A rate the rating engine cannot compute is rejected with the URDB field at fault, before
 * anything is written. A new code creates the tariff; a known code adds the version to that tariff.
 */
export async function importTariffFromUrdb(
  db: Db,
  context: RequestContext,
  input: ImportUrdbTariffInput,
): Promise<ImportUrdbTariffResult> {
  assertPermission(context, 'rates:write');
  const company = await getCompany(db, context.companyId);
  const effectiveFrom =
    input.effectiveFrom === undefined
      ? readUrdbStartDate(input.document, company.timeZone)
      : readPlainDate('effectiveFrom', input.effectiveFrom);
  const { definition, warnings } = convertUrdbRate(input.document, effectiveFrom, input.hpDemand ?? 'reject');
  const range = assertVersionRange({}, definition);
  const newTariff = assertNewTariff({
    code: input.code ?? definition.id,
    name: definition.name,
    service: 'electricity',
    source: 'urdb',
    sourceReference: definition.source?.reference ?? null,
  });

  return db.transaction().execute(async (trx) => {
    const existing = await findTariffByCode(trx, context.companyId, newTariff.code);
    const tariff = existing ?? (await createTariffInTransaction(trx, context, newTariff));
    const added = await addVersionInTransaction(trx, context, tariff, {
      ...range,
      definition,
      sourceDocument: input.document,
    });
    return { tariff, tariffCreated: existing === undefined, ...added, warnings };
  });
}

function convertUrdbRate(
  document: unknown,
  effectiveFrom: Temporal.PlainDate | undefined,
  hpDemand: HorsepowerDemand,
): UrdbImportResult {
  try {
    return importUrdbTariff(
      document,
      effectiveFrom === undefined ? { hpDemand } : { effectiveFrom, hpDemand },
    );
  } catch (error) {
    if (error instanceof TariffError) throw definitionError('RATES.URDB_NOT_RATEABLE', 'document', error);
    throw error;
  }
}
