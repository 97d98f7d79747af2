import type { TariffDefinition } from '@open-cis/rating';
import type { Selectable } from 'kysely';
import type { TariffTable, TariffVersionTable } from '../../../platform/db/schema.js';
import type { Tariff, TariffVersion } from '../domain/tariff.js';

/** Columns of rates.tariff_version that callers read; the source document stays in the row. */
export const tariffVersionColumns = [
  'id',
  'tariff_id',
  'effective_from',
  'effective_to',
  'definition',
  'created_at',
] as const;

type TariffVersionRow = Pick<Selectable<TariffVersionTable>, (typeof tariffVersionColumns)[number]> & {
  has_source_document: boolean;
};

export function toTariff(row: Selectable<TariffTable>): Tariff {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    service: row.service,
    source: row.source,
    sourceReference: row.source_reference,
    createdAt: row.created_at.toISOString(),
  };
}

export function toTariffVersion(row: TariffVersionRow): TariffVersion {
  return {
    id: row.id,
    tariffId: row.tariff_id,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    // The definition passed parseTariffDefinition before it was written, and rows are never edited.
    definition: row.definition as TariffDefinition,
    hasSourceDocument: row.has_source_document,
    createdAt: row.created_at.toISOString(),
  };
}
