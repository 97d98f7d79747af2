import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RegisterUnit } from '../../../platform/db/schema.js';
import { listRegisterReadsForBilling, type SuspectRead } from '../../readings/index.js';

export type DueAgreement = {
  id: string;
  accountId: string;
  servicePointId: string;
  tariffId: string;
  startOn: string;
  endOn: string | null;
  /**
   * The day billing resumes from: the end of the agreement's billed periods, or the start of the first
   * hole in them (a cancelled bill). Null before the first bill, or when the hole is at the start.
   */
  billedThrough: string | null;
  /** When billing resumes in a hole, the start of the next billed period: the rebill must end there. */
  nextBilledFrom: string | null;
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
  suspectReads: SuspectRead[];
};

/**
 * Loads what the bill run needs to rate a chunk of accounts: their postpaid agreements with how far each
 * is billed, and the registers installed at their service points. Reads come from the readings module,
 * from `historyDays` before the earliest period start to the cut-off, so estimates have a history.
 *
 * NOTE: the agreements query reads the agreements module's table directly (joined with bill segments),
 * so that a chunk costs one query for it.
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
  }>`
    select a.id, a.account_id, a.service_point_id, a.tariff_id, a.start_on, a.end_on
    from agreements.service_agreement a
    where a.company_id = ${companyId} and a.account_id = any(${accountIds}::uuid[])
      and a.payment_mode = 'postpaid' and a.start_on < ${cutOffOn}::date
    order by a.account_id, a.start_on, a.id
  `.execute(db);
  const coverage = await loadBilledCoverage(
    db,
    companyId,
    agreementRows.rows.map((row) => row.id),
  );
  const agreements = agreementRows.rows.map((row): DueAgreement => {
    const billed = coverage.get(row.id);
    return {
      id: row.id,
      accountId: row.account_id,
      servicePointId: row.service_point_id,
      tariffId: row.tariff_id,
      startOn: row.start_on,
      endOn: row.end_on,
      billedThrough: billed ? billed.resumeFrom : null,
      nextBilledFrom: billed?.nextBilledFrom ?? null,
    };
  });
  if (agreements.length === 0) return { agreements, registers: [], reads: [], suspectReads: [] };

  const servicePointIds = [...new Set(agreements.map((agreement) => agreement.servicePointId))];
  const cutOff = Temporal.PlainDate.from(cutOffOn);
  const earliest = Temporal.PlainDate.from(earliestStart(agreements)).subtract({ days: historyDays });
  // Agreements billed past the cut-off (a run for an earlier date) have nothing due; the window must
  // still not end before it starts.
  const historyFrom = Temporal.PlainDate.compare(earliest, cutOff) > 0 ? cutOff : earliest;
  const installed = await loadInstalledRegisters(db, companyId, servicePointIds, historyFrom, cutOff);
  return { agreements, ...installed };
}

/**
 * Loads the registers installed at the service points between two days (both included) with their valid
 * reads in that window, each register's last valid read before it, and the suspect reads of the window.
 */
export async function loadInstalledRegisters(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: readonly string[],
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): Promise<Omit<ChunkInputs, 'agreements'>> {
  const byPoint = await listRegisterReadsForBilling(db, companyId, servicePointIds, from, to);
  const registers: InstalledRegister[] = [];
  const reads: StoredRead[] = [];
  const suspectById = new Map<string, SuspectRead>();
  for (const point of byPoint.values()) {
    for (const installation of point.installations) {
      for (const register of installation.registers) {
        registers.push({
          servicePointId: point.servicePointId,
          meterId: installation.meterId,
          installedOn: installation.installedOn,
          removedOn: installation.removedOn,
          ...register,
        });
      }
    }
    reads.push(...point.readsBefore, ...point.reads);
    // A meter that moved between two service points of the chunk lists its suspect reads under both.
    for (const read of point.suspectReads) suspectById.set(read.id, read);
  }
  const suspectReads = [...suspectById.values()];
  return { registers, reads, suspectReads };
}

/** Returns the earliest day from which any of the agreements still needs billing. */
export function earliestStart(agreements: readonly DueAgreement[]): string {
  return (
    agreements.map((agreement) => agreement.billedThrough ?? agreement.startOn).sort()[0] ?? '1970-01-01'
  );
}

/**
 * Finds, per agreement, where billing resumes: the first hole in its active bill segments (a bill that a
 * credit note cancelled), else the end of the last one. One query with a window over the segments.
 */
async function loadBilledCoverage(
  db: DbOrTrx,
  companyId: string,
  agreementIds: readonly string[],
): Promise<Map<string, { resumeFrom: string | null; nextBilledFrom: string | null }>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await sql<{
    agreement_id: string;
    last_end: string;
    gap_start: string | null;
    gap_end: string | null;
    has_gap: boolean;
  }>`
    with segment as (
      select s.agreement_id, s.period_start, s.period_end, a.start_on,
        lag(s.period_end) over (partition by s.agreement_id order by s.period_start) as previous_end
      from billing.bill_segment s
      join agreements.service_agreement a on a.company_id = s.company_id and a.id = s.agreement_id
      where s.company_id = ${companyId} and s.agreement_id = any(${agreementIds}::uuid[]) and s.status = 'active'
    ),
    first_gap as (
      select distinct on (agreement_id) agreement_id, previous_end as gap_start, period_start as gap_end
      from segment
      where (previous_end is null and period_start > start_on) or previous_end < period_start
      order by agreement_id, period_start
    )
    select segment.agreement_id, max(segment.period_end) as last_end, min(first_gap.gap_start) as gap_start,
      min(first_gap.gap_end) as gap_end, bool_or(first_gap.agreement_id is not null) as has_gap
    from segment left join first_gap on first_gap.agreement_id = segment.agreement_id
    group by segment.agreement_id
  `.execute(db);
  return new Map(
    rows.rows.map((row) => [
      row.agreement_id,
      row.has_gap
        ? { resumeFrom: row.gap_start, nextBilledFrom: row.gap_end }
        : { resumeFrom: row.last_end, nextBilledFrom: null },
    ]),
  );
}
