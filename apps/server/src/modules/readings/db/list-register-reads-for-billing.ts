import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RegisterReadKind, RegisterUnit } from '../../../platform/db/schema.js';

export type BillingRegister = {
  registerId: string;
  code: string;
  kind: 'consumption' | 'demand';
  unit: RegisterUnit;
  dials: number;
  /** Decimal text; billed quantity = dial advance × multiplier. */
  multiplier: string;
  touPeriod: string | null;
};

/** A meter installed at the service point for at least one day of the window, with its registers. */
export type BillingInstallation = {
  installationId: string;
  meterId: string;
  meterSerial: string;
  installedOn: string;
  removedOn: string | null;
  registers: BillingRegister[];
};

export type BillingRead = {
  id: string;
  registerId: string;
  readOn: string;
  /** Decimal text as the dials showed it, before the multiplier. */
  value: string;
  kind: RegisterReadKind;
};

/** A read that validation marked suspect (lower than the one before it, beyond a rollover). */
export type SuspectRead = {
  id: string;
  registerId: string;
  readOn: string;
  value: string;
  kind: RegisterReadKind;
  reason: string | null;
};

export type ServicePointReads = {
  servicePointId: string;
  installations: BillingInstallation[];
  /** Valid reads dated from `from` to `to` inclusive, by register and then by day. */
  reads: BillingRead[];
  /** For each register, its last valid read before `from`, which opens the first read period. */
  readsBefore: BillingRead[];
  /** Reads dated from `from` to `to` that validation marked suspect: billing must not go past them. */
  suspectReads: SuspectRead[];
};

/**
 * Loads what the bill run needs to compute register consumption for a chunk of service points, in two
 * queries: the installations overlapping [from, to] with their registers, and the valid and suspect reads
 * of those registers in the window together with each register's last valid read before it. Every requested
 * service point is in the result, with empty lists when it has no meter.
 */
export async function listRegisterReadsForBilling(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: readonly string[],
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): Promise<Map<string, ServicePointReads>> {
  const result = new Map<string, ServicePointReads>(
    servicePointIds.map((id) => [
      id,
      {
        servicePointId: id,
        installations: [],
        reads: [],
        readsBefore: [],
        suspectReads: [],
      },
    ]),
  );
  if (servicePointIds.length === 0) return result;
  const window = { from: from.toString(), to: to.toString() };

  const installations = await selectInstallations(db, companyId, [...result.keys()], window);
  const registerOwner = new Map<string, ServicePointReads[]>();
  for (const row of installations) {
    const entry = result.get(row.servicePointId);
    if (!entry) continue;
    let installation = entry.installations.find(
      (candidate) => candidate.installationId === row.installationId,
    );
    if (!installation) {
      installation = {
        installationId: row.installationId,
        meterId: row.meterId,
        meterSerial: row.meterSerial,
        installedOn: row.installedOn,
        removedOn: row.removedOn,
        registers: [],
      };
      entry.installations.push(installation);
    }
    if (row.registerId === null) continue;
    installation.registers.push({
      registerId: row.registerId,
      code: row.code ?? '',
      kind: row.kind ?? 'consumption',
      unit: row.unit ?? 'kWh',
      dials: row.dials ?? 0,
      multiplier: row.multiplier ?? '1',
      touPeriod: row.touPeriod,
    });
    // A meter can move between two service points of the same chunk within the window.
    registerOwner.set(row.registerId, [...(registerOwner.get(row.registerId) ?? []), entry]);
  }

  const reads = await selectReads(db, companyId, [...registerOwner.keys()], window);
  for (const { before, status, reason, ...read } of reads) {
    for (const entry of registerOwner.get(read.registerId) ?? []) {
      if (status === 'suspect') {
        entry.suspectReads.push({
          id: read.id,
          registerId: read.registerId,
          readOn: read.readOn,
          value: read.value,
          kind: read.kind,
          reason,
        });
      } else {
        (before ? entry.readsBefore : entry.reads).push(read);
      }
    }
  }
  return result;
}

type Window = { from: string; to: string };

// NOTE: reads the devices tables directly, for the reason given in find-register.ts.
async function selectInstallations(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: string[],
  window: Window,
) {
  return db
    .selectFrom('devices.meter_installation as installation')
    .innerJoin('devices.meter as meter', (join) =>
      join
        .onRef('meter.company_id', '=', 'installation.company_id')
        .onRef('meter.id', '=', 'installation.meter_id'),
    )
    .leftJoin('devices.meter_register as register', (join) =>
      join
        .onRef('register.company_id', '=', 'installation.company_id')
        .onRef('register.meter_id', '=', 'installation.meter_id'),
    )
    .select([
      'installation.service_point_id as servicePointId',
      'installation.id as installationId',
      'installation.meter_id as meterId',
      'meter.serial_number as meterSerial',
      'installation.installed_on as installedOn',
      'installation.removed_on as removedOn',
      'register.id as registerId',
      'register.code',
      'register.kind',
      'register.unit',
      'register.dials',
      'register.multiplier',
      'register.tou_period as touPeriod',
    ])
    .where('installation.company_id', '=', companyId)
    .where('installation.service_point_id', '=', sql<string>`any(${servicePointIds}::uuid[])`)
    .where(
      sql<boolean>`daterange(installation.installed_on, installation.removed_on, '[]') && daterange(${window.from}::date, ${window.to}::date, '[]')`,
    )
    .orderBy('installation.service_point_id')
    .orderBy('installation.installed_on')
    .orderBy('register.code')
    .execute();
}

type ReadRow = BillingRead & { before: boolean; status: 'valid' | 'suspect'; reason: string | null };

async function selectReads(
  db: DbOrTrx,
  companyId: string,
  registerIds: string[],
  window: Window,
): Promise<ReadRow[]> {
  if (registerIds.length === 0) return [];
  // Per register (a lateral join on the id list): the window's valid and suspect reads by index range,
  // and the last valid read before the window by one backward index step.
  const result = await sql<ReadRow>`
    select read.id, read.register_id as "registerId", read.read_on as "readOn", read.value, read.kind,
      read.before, read.status, read.status_reason as reason
    from unnest(${registerIds}::uuid[]) as register (id)
    cross join lateral (
      (select id, register_id, read_on, value, kind, false as before, status, status_reason
         from readings.register_read
        where company_id = ${companyId} and register_id = register.id and status in ('valid', 'suspect')
          and read_on between ${window.from}::date and ${window.to}::date)
      union all
      (select id, register_id, read_on, value, kind, true, status, status_reason
         from readings.register_read
        where company_id = ${companyId} and register_id = register.id and status = 'valid'
          and read_on < ${window.from}::date
        order by read_on desc, created_at desc
        limit 1)
    ) read
    order by "registerId", "readOn", read.before desc`.execute(db);
  return result.rows;
}
