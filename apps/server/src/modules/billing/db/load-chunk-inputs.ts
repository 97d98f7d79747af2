import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RegisterUnit } from '../../../platform/db/schema.js';
import { listRegisterReadsForBilling } from '../../readings/index.js';

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
  const historyFrom = Temporal.PlainDate.from(earliestStart(agreements)).subtract({ days: historyDays });
  const byPoint = await listRegisterReadsForBilling(
    db,
    companyId,
    servicePointIds,
    historyFrom,
    Temporal.PlainDate.from(cutOffOn),
  );
  const registers: InstalledRegister[] = [];
  const reads: StoredRead[] = [];
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
  }
  return { agreements, registers, reads };
}

/** Returns the earliest day from which any of the agreements still needs billing. */
export function earliestStart(agreements: readonly DueAgreement[]): string {
  return (
    agreements.map((agreement) => agreement.billedThrough ?? agreement.startOn).sort()[0] ?? '1970-01-01'
  );
}
