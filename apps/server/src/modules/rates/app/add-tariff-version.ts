import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { TariffDefinition } from '@open-cis/rating';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { AppError, conflict, invalidInput, notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { isExclusionViolation } from '../db/constraint-violation.js';
import { closeOpenVersion, insertTariffVersion, type ClosedVersion } from '../db/insert-tariff-version.js';
import { lockTariff } from '../db/insert-tariff.js';
import { listOverlappingVersionRanges, type VersionRange } from '../db/list-tariff-versions.js';
import { formatVersionRange, type Tariff, type TariffVersion } from '../domain/tariff.js';
import { parseVersionDefinition } from './parse-version-definition.js';
import { readPlainDate } from './read-plain-date.js';

export type AddTariffVersionInput = {
  tariffId: string;
  /** First day in force (YYYY-MM-DD); defaults to the definition's own `versions[0].effectiveFrom`. */
  effectiveFrom?: string;
  /** First day no longer in force; omitted or null for an open-ended version. */
  effectiveTo?: string | null;
  definition: unknown;
  sourceDocument?: unknown;
};

export type AddTariffVersionResult = { version: TariffVersion; closedVersion: ClosedVersion | null };

/**
 * Adds a version to a tariff. When the tariff has an open-ended version that started earlier, that version
 * ends on the new version's first day in the same transaction (the usual "new prices from date X" flow).
 * A version whose range meets any other version of the tariff is rejected with a conflict naming both.
 */
export async function addTariffVersion(
  db: Db,
  context: RequestContext,
  input: AddTariffVersionInput,
): Promise<AddTariffVersionResult> {
  assertPermission(context, 'rates:write');
  const definition = parseVersionDefinition(input.definition);
  const range = assertVersionRange(input, definition);
  try {
    return await db.transaction().execute(async (trx) => {
      const tariff = await lockTariff(trx, context.companyId, input.tariffId);
      if (!tariff) throw tariffNotFound(input.tariffId);
      return addVersionInTransaction(trx, context, tariff, {
        ...range,
        definition,
        sourceDocument: input.sourceDocument,
      });
    });
  } catch (error) {
    // Another transaction added an overlapping version between our check and our insert.
    if (!isExclusionViolation(error)) throw error;
    const existing = await listOverlappingVersionRanges(
      db,
      context.companyId,
      input.tariffId,
      range.effectiveFrom,
      range.effectiveTo,
    );
    throw versionOverlap(range, existing);
  }
}

type VersionToAdd = {
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: TariffDefinition;
  sourceDocument: unknown;
};

/** Closes the open version, checks for overlaps, inserts, and records audit and events, in `trx`. */
export async function addVersionInTransaction(
  trx: Trx,
  context: RequestContext,
  tariff: Tariff,
  version: VersionToAdd,
): Promise<AddTariffVersionResult> {
  assertSameService(tariff, version.definition);
  const closedVersion =
    (await closeOpenVersion(trx, context.companyId, tariff.id, version.effectiveFrom)) ?? null;
  const overlapping = await listOverlappingVersionRanges(
    trx,
    context.companyId,
    tariff.id,
    version.effectiveFrom,
    version.effectiveTo,
  );
  if (overlapping.length > 0) throw versionOverlap(version, overlapping);

  const added = await insertTariffVersion(trx, context.companyId, { tariffId: tariff.id, ...version });
  await recordAudit(trx, context, [
    ...(closedVersion
      ? [
          {
            entityType: 'tariff-version',
            entityId: closedVersion.id,
            action: 'update' as const,
            changes: { effectiveTo: [null, closedVersion.effectiveTo] },
          },
        ]
      : []),
    {
      entityType: 'tariff-version',
      entityId: added.id,
      action: 'create',
      changes: createdFields({
        tariffId: tariff.id,
        effectiveFrom: added.effectiveFrom,
        effectiveTo: added.effectiveTo,
      }),
    },
  ]);
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'tariff',
      aggregateId: tariff.id,
      eventType: 'tariff.version-added',
      payload: {
        tariffId: tariff.id,
        versionId: added.id,
        effectiveFrom: added.effectiveFrom,
        effectiveTo: added.effectiveTo,
        closedVersionId: closedVersion?.id ?? null,
      },
    },
  ]);
  return { version: added, closedVersion };
}

/** Resolves the version's range from the input and the definition, and checks that it is a real range. */
export function assertVersionRange(
  input: Pick<AddTariffVersionInput, 'effectiveFrom' | 'effectiveTo'>,
  definition: TariffDefinition,
): { effectiveFrom: string; effectiveTo: string | null } {
  const documentFrom = definition.versions[0]?.effectiveFrom;
  const effectiveFrom = readPlainDate('effectiveFrom', input.effectiveFrom ?? documentFrom).toString();
  if (documentFrom !== undefined && documentFrom !== effectiveFrom) {
    throw invalidInput(
      'RATES.INVALID_VERSION_RANGE',
      `effectiveFrom ${effectiveFrom} differs from the definition's versions[0].effectiveFrom ${documentFrom}; make them equal or omit effectiveFrom.`,
      [{ path: 'definition.versions[0].effectiveFrom', message: `expected ${effectiveFrom}` }],
    );
  }
  const effectiveTo =
    input.effectiveTo == null ? null : readPlainDate('effectiveTo', input.effectiveTo).toString();
  if (effectiveTo !== null && effectiveTo <= effectiveFrom) {
    throw invalidInput(
      'RATES.INVALID_VERSION_RANGE',
      `effectiveTo ${effectiveTo} must be after effectiveFrom ${effectiveFrom}; it is the first day the version is no longer in force.`,
      [{ path: 'effectiveTo', message: `expected a date after ${effectiveFrom}` }],
    );
  }
  return { effectiveFrom, effectiveTo };
}

function assertSameService(tariff: Tariff, definition: TariffDefinition): void {
  if (definition.service === tariff.service) return;
  throw invalidInput(
    'RATES.INVALID_DEFINITION',
    `The definition is for ${definition.service} but tariff ${tariff.code} is for ${tariff.service}.`,
    [{ path: 'definition.service', message: `expected ${tariff.service}` }],
  );
}

export function tariffNotFound(tariffId: string): AppError {
  return notFound('RATES.TARIFF_NOT_FOUND', `Tariff ${tariffId} was not found in this company.`);
}

function versionOverlap(
  added: { effectiveFrom: string; effectiveTo: string | null },
  existing: VersionRange[],
): AppError {
  const newRange = formatVersionRange(added.effectiveFrom, added.effectiveTo);
  const existingRanges = existing.map((version) =>
    formatVersionRange(version.effectiveFrom, version.effectiveTo),
  );
  return conflict(
    'RATES.VERSION_OVERLAP',
    `The new version ${newRange} overlaps the existing version ${existingRanges.join(', ') || '(just added by another request)'}; versions of one tariff must not overlap, so end or start the new version on another day.`,
    [{ path: 'effectiveFrom', message: `overlaps ${existingRanges.join(', ') || 'another version'}` }],
    { effectiveFrom: added.effectiveFrom },
  );
}
