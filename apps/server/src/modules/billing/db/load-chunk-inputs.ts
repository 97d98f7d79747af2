import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RegisterUnit } from '../../../platform/db/schema.js';

export type DueAgreement = {
  id: string;
  accountId: string;
  servicePointId: string;
  tariffId: string;
  startOn: string;
  endOn: string | null;
  /** End of the last active bill segment, or null before the first bill. */
  billedThrough: string | null;
};

export type InstalledRegister = {
  servicePointId: string;
  meterId: string;
  installedOn: string;
  removedOn: string | null;
  registerId: string;
  code: string;
  kind: 'consumption' | 'demand';
  unit: RegisterUnit;
  dials: number;
  multiplier: string;
  touPeriod: string | null;
};

export type StoredRead = {
  id: string;
  registerId: string;
  readOn: string;
  value: string;
  kind: 'actual' | 'estimated' | 'customer' | 'install' | 'removal';
};

export type ChunkInputs = {
  agreements: DueAgreement[];
  registers: InstalledRegister[];
  reads: StoredRead[];
};

/**
 * Loads what the bill run needs to rate a chunk of accounts, in three set-based queries: the accounts'
 * postpaid agreements with how far each is billed, the registers installed at their service points, and
 * the valid reads from `historyFrom` (reads before a period estimate the use) to the cut-off.
 *
 * NOTE: these read the agreements, devices and readings tables directly rather than through those
 * modules' public functions, so that a chunk costs three queries; they only read.
 */
export async function loadChunkInputs(
  db: DbOrTrx,
  companyId: string,
  accountIds: readonly string[],
  cutOffOn: string,
  historyDays: number,
): Promise<ChunkInputs> {
  const agreementRows = await sql<{
    id: string;
    account_id: string;
    service_point_id: string;
    tariff_id: string;
    start_on: string;
    end_on: string | null;
    billed_through: string | null;
  }>`
    select a.id, a.account_id, a.service_point_id, a.tariff_id, a.start_on, a.end_on,
      (select max(s.period_end) from billing.bill_segment s
        where s.company_id = a.company_id and s.agreement_id = a.id and s.status = 'active') as billed_through
    from agreements.service_agreement a
    where a.company_id = ${companyId} and a.account_id = any(${accountIds}::uuid[])
      and a.payment_mode = 'postpaid' and a.start_on < ${cutOffOn}::date
    order by a.account_id, a.start_on, a.id
  `.execute(db);
  const agreements = agreementRows.rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    servicePointId: row.service_point_id,
    tariffId: row.tariff_id,
    startOn: row.start_on,
    endOn: row.end_on,
    billedThrough: row.billed_through,
  }));
  if (agreements.length === 0) return { agreements, registers: [], reads: [] };

  const servicePointIds = [...new Set(agreements.map((agreement) => agreement.servicePointId))];
  const historyFrom = Temporal.PlainDate.from(earliestStart(agreements))
    .subtract({ days: historyDays })
    .toString();
  const registerRows = await sql<{
    service_point_id: string;
    meter_id: string;
    installed_on: string;
    removed_on: string | null;
    register_id: string;
    code: string;
    kind: 'consumption' | 'demand';
    unit: RegisterUnit;
    dials: number;
    multiplier: string;
    tou_period: string | null;
  }>`
    select i.service_point_id, i.meter_id, i.installed_on, i.removed_on, r.id as register_id, r.code, r.kind,
      r.unit, r.dials, r.multiplier, r.tou_period
    from devices.meter_installation i
    join devices.meter_register r on r.company_id = i.company_id and r.meter_id = i.meter_id
    where i.company_id = ${companyId} and i.service_point_id = any(${servicePointIds}::uuid[])
      and i.installed_on <= ${cutOffOn}::date and (i.removed_on is null or i.removed_on >= ${historyFrom}::date)
    order by i.service_point_id, i.installed_on, r.code
  `.execute(db);
  const registers = registerRows.rows.map((row) => ({
    servicePointId: row.service_point_id,
    meterId: row.meter_id,
    installedOn: row.installed_on,
    removedOn: row.removed_on,
    registerId: row.register_id,
    code: row.code,
    kind: row.kind,
    unit: row.unit,
    dials: row.dials,
    multiplier: row.multiplier,
    touPeriod: row.tou_period,
  }));
  if (registers.length === 0) return { agreements, registers, reads: [] };

  const readRows = await sql<StoredRead & { register_id: string; read_on: string }>`
    select id, register_id, read_on, value, kind
    from readings.register_read
    where company_id = ${companyId} and register_id = any(${registers.map((r) => r.registerId)}::uuid[])
      and read_on between ${historyFrom}::date and ${cutOffOn}::date and status = 'valid'
    order by register_id, read_on, created_at
  `.execute(db);
  const reads = readRows.rows.map((row) => ({
    id: row.id,
    registerId: row.register_id,
    readOn: row.read_on,
    value: row.value,
    kind: row.kind,
  }));
  return { agreements, registers, reads };
}

function earliestStart(agreements: readonly DueAgreement[]): string {
  return (
    agreements.map((agreement) => agreement.billedThrough ?? agreement.startOn).sort()[0] ?? '1970-01-01'
  );
}
