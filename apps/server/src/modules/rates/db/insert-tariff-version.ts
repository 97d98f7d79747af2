import type { TariffDefinition } from '@open-cis/rating';
import type { Trx } from '../../../platform/context/request-context.js';
import type { TariffVersion } from '../domain/tariff.js';
import { tariffVersionColumns, toTariffVersion } from './tariff-rows.js';

export type NewTariffVersion = {
  tariffId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: TariffDefinition;
  /** The document the definition was converted from (a URDB rate), kept as it arrived. */
  sourceDocument: unknown;
};

export async function insertTariffVersion(
  trx: Trx,
  companyId: string,
  version: NewTariffVersion,
): Promise<TariffVersion> {
  const row = await trx
    .insertInto('rates.tariff_version')
    .values({
      company_id: companyId,
      tariff_id: version.tariffId,
      effective_from: version.effectiveFrom,
      effective_to: version.effectiveTo,
      definition: JSON.stringify(version.definition),
      source_document: version.sourceDocument === undefined ? null : JSON.stringify(version.sourceDocument),
    })
    .returning(tariffVersionColumns)
    .executeTakeFirstOrThrow();
  return toTariffVersion({ ...row, has_source_document: version.sourceDocument !== undefined });
}

export type ClosedVersion = { id: string; effectiveFrom: string; effectiveTo: string };

/**
 * Ends the tariff's open-ended version on `endOn` when it started before that day, in the caller's
 * transaction; returns the version it closed, or undefined when there was none to close.
 */
export async function closeOpenVersion(
  trx: Trx,
  companyId: string,
  tariffId: string,
  endOn: string,
): Promise<ClosedVersion | undefined> {
  const row = await trx
    .updateTable('rates.tariff_version')
    .set({ effective_to: endOn })
    .where('company_id', '=', companyId)
    .where('tariff_id', '=', tariffId)
    .where('effective_to', 'is', null)
    .where('effective_from', '<', endOn)
    .returning(['id', 'effective_from'])
    .executeTakeFirst();
  return row ? { id: row.id, effectiveFrom: row.effective_from, effectiveTo: endOn } : undefined;
}
