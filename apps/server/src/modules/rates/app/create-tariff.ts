import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import type { ServiceKind } from '../../../platform/db/schema.js';
import { conflict, invalidInput } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { insertTariff, type NewTariff } from '../db/insert-tariff.js';
import type { Tariff, TariffSource } from '../domain/tariff.js';

export type CreateTariffInput = {
  code: string;
  name: string;
  service: ServiceKind;
  source?: TariffSource;
  sourceReference?: string | null;
};

export const tariffCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Creates a tariff with no versions yet; its code must be new in the company. */
export async function createTariff(
  db: Db,
  context: RequestContext,
  input: CreateTariffInput,
): Promise<Tariff> {
  assertPermission(context, 'rates:write');
  const tariff = assertNewTariff(input);
  return db.transaction().execute((trx) => createTariffInTransaction(trx, context, tariff));
}

/** The create step of createTariff, for use cases that add a tariff and its first version in one transaction. */
export async function createTariffInTransaction(
  trx: Trx,
  context: RequestContext,
  tariff: NewTariff,
): Promise<Tariff> {
  const created = await insertTariff(trx, context.companyId, tariff);
  if (!created) {
    throw conflict(
      'RATES.TARIFF_CODE_TAKEN',
      `A tariff with code "${tariff.code}" already exists; choose another code or add a version to that tariff.`,
      [{ path: 'code', message: 'already used by another tariff' }],
      { code: tariff.code },
    );
  }
  await recordAudit(trx, context, [
    { entityType: 'tariff', entityId: created.id, action: 'create', changes: createdFields({ ...tariff }) },
  ]);
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'tariff',
      aggregateId: created.id,
      eventType: 'tariff.created',
      payload: { tariffId: created.id, code: created.code, service: created.service },
    },
  ]);
  return created;
}

/** Checks the fields of a new tariff and returns them trimmed. */
export function assertNewTariff(input: CreateTariffInput): NewTariff {
  const code = input.code.trim();
  const name = input.name.trim();
  if (!tariffCodePattern.test(code)) {
    throw invalidInput(
      'RATES.INVALID_TARIFF',
      `Tariff code "${input.code}" is invalid; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.`,
      [{ path: 'code', message: 'expected 1 to 64 letters, digits, ".", "_" or "-"' }],
    );
  }
  if (name === '') {
    throw invalidInput(
      'RATES.INVALID_TARIFF',
      'Tariff name is missing; give the name customers see on the bill.',
      [{ path: 'name', message: 'expected a non-empty name' }],
    );
  }
  return {
    code,
    name,
    service: input.service,
    source: input.source ?? 'manual',
    sourceReference: input.sourceReference?.trim() || null,
  };
}
