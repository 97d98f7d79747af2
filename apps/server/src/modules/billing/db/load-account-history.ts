import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { ServiceKind } from '../../../platform/db/schema.js';
import { listServiceAgreements, type ServiceAgreement } from '../../agreements/index.js';
import { listServicePointsByIds } from '../../premises/index.js';
import { listEstimationProfiles } from '../../readings/index.js';
import { defaultDailyUse, ESTIMATION_HISTORY_DAYS, type EstimationDefaults } from '../domain/bill-run.js';
import { loadInstalledRegisters, type ChunkInputs, type StoredRead } from './load-chunk-inputs.js';
import { loadIntervalInputs, type EnergyChannel, type StoredInterval } from './load-interval-inputs.js';

/** Agreements, registers, reads and interval data of an account, which a rate check measures like a bill run. */
export type AccountHistory = Omit<ChunkInputs, 'agreements' | 'reads'> & {
  agreements: ServiceAgreement[];
  /** Valid reads of each register in date order, from the last one before the window on. */
  readsByRegister: Map<string, StoredRead[]>;
  channels: EnergyChannel[];
  intervals: StoredInterval[];
  estimation: EstimationDefaults;
};

// The largest page the agreements module lists.
const AGREEMENT_PAGE_SIZE = 500;

/**
 * Loads the account's agreements for one service that are in force on a day of [periodStart, periodEnd),
 * the registers, reads and kWh interval data of their service points around the period, and the company's
 * estimation profiles.
 */
export async function loadAccountHistory(
  db: DbOrTrx,
  context: RequestContext,
  request: {
    accountId: string;
    service: ServiceKind;
    periodStart: string;
    periodEnd: string;
    timeZone: string;
  },
): Promise<AccountHistory> {
  const all = await listAgreementsOfAccount(db, context, request.accountId);
  const overlapping = all.filter(
    (agreement) =>
      agreement.startOn < request.periodEnd &&
      (agreement.endOn === null || agreement.endOn > request.periodStart),
  );
  const points = await listServicePointsByIds(db, context, [
    ...new Set(overlapping.map((agreement) => agreement.servicePointId)),
  ]);
  const pointsOfService = new Set(
    points.filter((point) => point.service === request.service).map((point) => point.id),
  );
  const agreements = overlapping.filter((agreement) => pointsOfService.has(agreement.servicePointId));
  const servicePointIds = [...pointsOfService];

  const historyFrom = Temporal.PlainDate.from(request.periodStart).subtract({
    days: ESTIMATION_HISTORY_DAYS,
  });
  const { reads, ...installed } = await loadInstalledRegisters(
    db,
    context.companyId,
    servicePointIds,
    historyFrom,
    Temporal.PlainDate.from(request.periodEnd),
  );
  const intervalData = await loadIntervalInputs(
    db,
    context.companyId,
    servicePointIds,
    request.periodStart,
    request.periodEnd,
    request.timeZone,
  );
  const profiles = await listEstimationProfiles(db, context.companyId);
  return {
    agreements,
    ...installed,
    readsByRegister: groupByRegister(reads),
    ...intervalData,
    estimation: {
      dailyUseByUnit: defaultDailyUse,
      profilesByUnit: Object.fromEntries(profiles.map((profile) => [profile.unit, profile])),
    },
  };
}

async function listAgreementsOfAccount(
  db: DbOrTrx,
  context: RequestContext,
  accountId: string,
): Promise<ServiceAgreement[]> {
  const agreements: ServiceAgreement[] = [];
  for (let offset = 0; ; offset += AGREEMENT_PAGE_SIZE) {
    const page = await listServiceAgreements(db, context, { accountId, limit: AGREEMENT_PAGE_SIZE, offset });
    agreements.push(...page.items);
    if (page.items.length === 0 || agreements.length >= page.total) return agreements;
  }
}

function groupByRegister(reads: readonly StoredRead[]): Map<string, StoredRead[]> {
  const byRegister = new Map<string, StoredRead[]>();
  for (const read of reads) {
    const list = byRegister.get(read.registerId);
    if (list) list.push(read);
    else byRegister.set(read.registerId, [read]);
  }
  return byRegister;
}
