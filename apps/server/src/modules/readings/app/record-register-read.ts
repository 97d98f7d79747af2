import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import type { RegisterReadKind } from '../../../platform/db/schema.js';
import { Temporal } from 'temporal-polyfill';
import { invalidInput, notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { getCompany } from '../../companies/index.js';
import { findRegister, type ReadableRegister } from '../db/find-register.js';
import { findSameRegisterRead, insertRegisterRead } from '../db/insert-register-read.js';
import { findNeighbourReads } from '../db/neighbour-reads.js';
import {
  registerReadKinds,
  registerReadSources,
  type RegisterRead,
  type RegisterReadSource,
} from '../db/register-read-row.js';
import {
  assertReadDate,
  assertReadNotInFuture,
  assertReadValue,
  assessAgainstNeighbours,
} from './assess-register-read.js';

export type RecordRegisterReadInput = {
  registerId: string;
  readOn: string;
  /** The dials as read, as a decimal string (never a JS number, so no digit is lost). */
  value: string;
  kind: RegisterReadKind;
  source: RegisterReadSource;
  /** The company's local date that reads may not be after (YYYY-MM-DD); defaults to today's. Tests set it. */
  today?: string;
};

/** `created` is false when the same read (register, day, kind and value) was already stored. */
export type RecordRegisterReadResult = { read: RegisterRead; created: boolean };

/**
 * Records a register read after checking it against the register. A read that makes the register go
 * backwards against its neighbours is stored as suspect with the reason, so that billing skips it until
 * someone reviews it. Recording the same read twice returns the first one.
 */
export async function recordRegisterRead(
  db: Db,
  context: RequestContext,
  input: RecordRegisterReadInput,
): Promise<RecordRegisterReadResult> {
  assertPermission(context, 'readings:write');
  const today = await getCompanyToday(db, context, input.today);
  return db.transaction().execute(async (trx) => {
    const register = await findRegister(trx, context.companyId, input.registerId);
    if (!register) {
      throw notFound(
        'READINGS.REGISTER_NOT_FOUND',
        `Register ${input.registerId} was not found in this company.`,
      );
    }
    return recordReadOfRegister(trx, context, register, { ...input, today });
  });
}

/** Returns `today` when the caller gives it, else the current date in the company's time zone. */
export async function getCompanyToday(
  db: Db,
  context: RequestContext,
  today: string | undefined,
): Promise<Temporal.PlainDate> {
  if (today !== undefined) return Temporal.PlainDate.from(assertReadDate(today, 'today'));
  const company = await getCompany(db, context.companyId);
  return Temporal.Now.plainDateISO(company.timeZone);
}

/** The checks and writes of recordRegisterRead for a register already loaded, in the caller's transaction. */
export async function recordReadOfRegister(
  trx: Trx,
  context: RequestContext,
  register: ReadableRegister,
  input: Omit<RecordRegisterReadInput, 'registerId' | 'today'> & { today: Temporal.PlainDate },
): Promise<RecordRegisterReadResult> {
  const readOn = assertReadDate(input.readOn);
  assertReadNotInFuture(readOn, input.today);
  const value = assertReadValue(input.value, register);
  assertChoice('kind', input.kind, registerReadKinds);
  assertChoice('source', input.source, registerReadSources);

  const same = await findSameRegisterRead(trx, context.companyId, {
    registerId: register.id,
    readOn,
    kind: input.kind,
    value,
  });
  if (same) return { read: same, created: false };

  const neighbours = await findNeighbourReads(trx, context.companyId, register.id, readOn);
  const assessment = assessAgainstNeighbours(register, readOn, value, neighbours);
  const read = await insertRegisterRead(trx, context.companyId, {
    registerId: register.id,
    readOn,
    value,
    kind: input.kind,
    source: input.source,
    ...assessment,
  });
  await recordAudit(trx, context, [
    {
      entityType: 'register-read',
      entityId: read.id,
      action: 'create',
      changes: createdFields({
        registerId: register.id,
        readOn,
        value,
        kind: read.kind,
        source: read.source,
        status: read.status,
      }),
    },
  ]);
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'register',
      aggregateId: register.id,
      eventType: read.status === 'suspect' ? 'register-read.suspect' : 'register-read.recorded',
      payload: {
        readId: read.id,
        registerId: register.id,
        readOn,
        value,
        status: read.status,
        statusReason: read.statusReason,
      },
    },
  ]);
  return { read, created: true };
}

function assertChoice<T extends string>(path: string, value: T, choices: readonly T[]): void {
  if (choices.includes(value)) return;
  throw invalidInput(
    'READINGS.INVALID_READ',
    `${path} "${value}" is invalid; expected one of ${choices.join(', ')}.`,
    [{ path, message: `expected one of ${choices.join(', ')}` }],
  );
}
