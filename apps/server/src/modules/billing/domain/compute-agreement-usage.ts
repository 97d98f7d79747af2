import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { RegisterRead } from '@open-cis/rating';
import {
  computeRegisterConsumption,
  estimateRead,
  type MeterSpan,
  type ReadHistoryPeriod,
} from '../../readings/index.js';
import type { DueAgreement, InstalledRegister, StoredRead } from '../db/load-chunk-inputs.js';
import type { EnergyChannel, StoredInterval } from '../db/load-interval-inputs.js';
import { computeIntervalUsage } from './compute-interval-usage.js';
import type { AgreementUsage, EstimatedReadDraft } from './agreement-usage.js';
import { measureOfUnit } from './measure-of-unit.js';

export type UsageRequest = {
  agreement: DueAgreement;
  cutOffOn: string;
  /** Registers of every meter installed at the agreement's service point around the period. */
  registers: readonly InstalledRegister[];
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>;
  /** Daily use by register unit, for estimates on a service point with no read history. */
  defaultDailyUse: Readonly<Record<string, string>>;
  /** The service point's kWh interval channel and its readings around the period, when it has one. */
  intervalData?: { channel: EnergyChannel; intervals: readonly StoredInterval[] };
  timeZone: string;
};

type Installation = {
  meterId: string;
  installedOn: string;
  removedOn: string | null;
  registers: InstalledRegister[];
};

const closingKinds = new Set(['actual', 'customer', 'removal']);

/**
 * Works out the read period of an agreement and the consumption behind its bill: from where the last bill
 * ended (or the agreement started) to the latest actual read on or before the cut-off, summed across a
 * meter exchange. Without an actual read the end read is estimated at the cut-off, and the next actual
 * read trues the use up because it is measured from the estimated read. A service point with kWh interval
 * data over the period is billed on them instead, up to the cut-off.
 */
export function computeAgreementUsage(request: UsageRequest): AgreementUsage {
  const { agreement, cutOffOn } = request;
  const start = agreement.billedThrough ?? agreement.startOn;
  const target = agreement.endOn && agreement.endOn < cutOffOn ? agreement.endOn : cutOffOn;
  if (start >= target) return { kind: 'not-due' };
  if (request.intervalData) {
    const { channel, intervals } = request.intervalData;
    const fromIntervals = computeIntervalUsage(channel, intervals, { start, end: target }, request.timeZone);
    if (fromIntervals) return fromIntervals;
  }

  const installations = groupInstallations(request.registers).filter(
    (installation) => installation.installedOn < target && (installation.removedOn ?? '9999-12-31') > start,
  );
  const current = installations.at(-1);
  if (!current) {
    return {
      kind: 'exception',
      reasonCode: 'NO_METER',
      detail: `No meter is installed at service point ${agreement.servicePointId} between ${start} and ${target}.`,
    };
  }
  const consumptionRegisters = current.registers.filter(
    (register) => register.kind === 'consumption' && measureOfUnit(register.unit) !== 'ignored',
  );
  if (consumptionRegisters.length === 0) {
    return {
      kind: 'exception',
      reasonCode: 'NO_METER',
      detail: `Meter ${current.meterId} has no consumption register to bill.`,
    };
  }
  const end = findClosingReadDate(
    consumptionRegisters,
    request.readsByRegister,
    start,
    target,
    current.installedOn,
  );
  const periodEnd = end ?? target;
  const isEstimated = end === undefined;

  const reads: RegisterRead[] = [];
  const consumption: Record<string, unknown> = {};
  const estimatedReads: EstimatedReadDraft[] = [];
  for (const register of consumptionRegisters) {
    const result = registerUsage(request, installations, register, start, periodEnd, isEstimated);
    if (result.kind === 'exception') return result;
    reads.push(result.read);
    consumption[register.code] = result.record;
    if (result.estimatedRead) estimatedReads.push(result.estimatedRead);
  }
  for (const register of current.registers.filter((candidate) => candidate.kind === 'demand')) {
    const read = readOn(request.readsByRegister, register.registerId, periodEnd);
    if (!read) continue;
    const quantity = new Decimal(read.value).times(register.multiplier);
    reads.push({ measure: 'demand', quantity, readingIds: [read.id], ...touOf(register) });
    consumption[register.code] = {
      unit: register.unit,
      demandRead: { id: read.id, readOn: read.readOn, value: read.value },
      quantity: quantity.toString(),
    };
  }
  return {
    kind: 'usage',
    periodStart: start,
    periodEnd,
    isEstimated,
    usage: { kind: 'registers', reads },
    consumption,
    estimatedReads,
  };
}

type RegisterUsageResult =
  | { kind: 'ok'; read: RegisterRead; record: Record<string, unknown>; estimatedRead?: EstimatedReadDraft }
  | Extract<AgreementUsage, { kind: 'exception' }>;

function registerUsage(
  request: UsageRequest,
  installations: readonly Installation[],
  register: InstalledRegister,
  start: string,
  end: string,
  isEstimated: boolean,
): RegisterUsageResult {
  const spans: (MeterSpan & {
    startReadId: string;
    endReadId?: string;
    from: string;
    to: string;
    startKind: string;
  })[] = [];
  for (const installation of installations) {
    const spanRegister = installation.registers.find((candidate) => candidate.code === register.code);
    const from = installation.installedOn > start ? installation.installedOn : start;
    const to = installation.removedOn && installation.removedOn < end ? installation.removedOn : end;
    if (!spanRegister || from >= to) continue;
    const startRead = readOn(request.readsByRegister, spanRegister.registerId, from);
    if (!startRead) {
      return {
        kind: 'exception',
        reasonCode: 'NO_START_READ',
        detail: `Register ${register.code} of meter ${installation.meterId} has no read on ${from}, where the period starts.`,
      };
    }
    const isOpenEnd = isEstimated && to === end;
    const endRead = isOpenEnd ? undefined : readOn(request.readsByRegister, spanRegister.registerId, to);
    if (!isOpenEnd && !endRead) {
      return {
        kind: 'exception',
        reasonCode: 'NO_END_READ',
        detail: `Register ${register.code} of meter ${installation.meterId} has no read on ${to}, where its span ends.`,
      };
    }
    spans.push({
      meterId: installation.meterId,
      register: { dials: spanRegister.dials, multiplier: new Decimal(spanRegister.multiplier) },
      startRead: new Decimal(startRead.value),
      endRead: new Decimal(endRead?.value ?? startRead.value),
      startReadId: startRead.id,
      ...(endRead ? { endReadId: endRead.id } : {}),
      from,
      to,
      startKind: startRead.kind,
    });
  }
  const last = spans.at(-1);
  if (!last) {
    return {
      kind: 'exception',
      reasonCode: 'NO_START_READ',
      detail: `Register ${register.code} has no read span between ${start} and ${end}.`,
    };
  }

  let estimatedRead: EstimatedReadDraft | undefined;
  let estimatedQuantity = new Decimal(0);
  if (isEstimated) {
    const estimate = estimateRead({
      meterId: last.meterId,
      register: last.register,
      lastActualRead: { value: last.startRead, readOn: Temporal.PlainDate.from(last.from) },
      estimateOn: Temporal.PlainDate.from(end),
      history: readHistory(
        request.readsByRegister.get(register.registerId) ?? [],
        last.register,
        last.meterId,
        start,
      ),
      fallback: {
        kind: 'default',
        dailyQuantity: new Decimal(request.defaultDailyUse[register.unit] ?? '0'),
      },
    });
    estimatedRead = {
      id: randomUUID(),
      registerId: register.registerId,
      readOn: end,
      value: estimate.value.toString(),
      estimation: { ...jsonBasis(estimate.basis), days: estimate.days, fromReadId: last.startReadId },
    };
    estimatedQuantity = estimate.quantity;
    last.endRead = estimate.value;
    last.endReadId = estimatedRead.id;
  }

  const measuredSpans = isEstimated ? spans.slice(0, -1) : spans;
  const measured = measuredSpans.length > 0 ? computeRegisterConsumption(measuredSpans) : undefined;
  if (measured?.kind === 'backwards') {
    const span = measuredSpans.find((candidate) => candidate.meterId === measured.meterId);
    const trueUp = span?.startKind === 'estimated';
    return {
      kind: 'exception',
      reasonCode: trueUp ? 'NEGATIVE_TRUE_UP' : 'BACKWARDS_READ',
      detail: trueUp
        ? `The actual read ${measured.endRead.toString()} of meter ${measured.meterId} (register ${register.code}) is below the estimated read ${measured.startRead.toString()}: the estimates over-billed; review and rebill.`
        : `Meter ${measured.meterId} register ${register.code} went backwards from ${measured.startRead.toString()} to ${measured.endRead.toString()}.`,
    };
  }
  const quantity = (measured?.quantity ?? new Decimal(0)).plus(estimatedQuantity);
  const { factor, measure } = measureOfUnit(register.unit) as {
    measure: 'energy' | 'volume';
    factor: Decimal;
  };
  const billedQuantity = quantity.times(factor);
  const readingIds = spans.flatMap((span) => [span.startReadId, ...(span.endReadId ? [span.endReadId] : [])]);
  return {
    kind: 'ok',
    read: { measure, quantity: billedQuantity, readingIds, ...touOf(register) },
    record: {
      unit: register.unit,
      quantity: quantity.toString(),
      billedQuantity: billedQuantity.toString(),
      spans: spans.map((span, index) => ({
        meterId: span.meterId,
        from: span.from,
        to: span.to,
        startRead: { id: span.startReadId, value: span.startRead.toString(), kind: span.startKind },
        endRead: {
          id: span.endReadId,
          value: span.endRead.toString(),
          kind: isEstimated && index === spans.length - 1 ? 'estimated' : 'actual',
        },
        multiplier: span.register.multiplier.toString(),
        rolledOver: measured?.spans[index]?.rolledOver ?? false,
      })),
      ...(estimatedRead ? { estimation: estimatedRead.estimation } : {}),
    },
    ...(estimatedRead ? { estimatedRead } : {}),
  };
}

function groupInstallations(registers: readonly InstalledRegister[]): Installation[] {
  const byKey = new Map<string, Installation>();
  for (const register of registers) {
    const key = `${register.meterId}|${register.installedOn}`;
    let installation = byKey.get(key);
    if (!installation) {
      installation = {
        meterId: register.meterId,
        installedOn: register.installedOn,
        removedOn: register.removedOn,
        registers: [],
      };
      byKey.set(key, installation);
    }
    installation.registers.push(register);
  }
  return [...byKey.values()].sort((a, b) =>
    a.installedOn < b.installedOn ? -1 : a.installedOn > b.installedOn ? 1 : 0,
  );
}

// The period closes on the latest date after its start, up to the target, on which every consumption
// register of the current meter has an actual, customer or removal read.
function findClosingReadDate(
  registers: readonly InstalledRegister[],
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>,
  start: string,
  target: string,
  installedOn: string,
): string | undefined {
  const datesPerRegister = registers.map(
    (register) =>
      new Set(
        (readsByRegister.get(register.registerId) ?? [])
          .filter(
            (read) =>
              closingKinds.has(read.kind) &&
              read.readOn > start &&
              read.readOn <= target &&
              read.readOn > installedOn,
          )
          .map((read) => read.readOn),
      ),
  );
  const [first, ...others] = datesPerRegister;
  const common = [...(first ?? [])].filter((date) => others.every((dates) => dates.has(date)));
  return common.sort().at(-1);
}

function readOn(
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>,
  registerId: string,
  date: string,
): StoredRead | undefined {
  const reads = readsByRegister.get(registerId) ?? [];
  for (let index = reads.length - 1; index >= 0; index--) {
    const read = reads[index];
    if (read?.readOn === date) return read;
  }
  return undefined;
}

// Actual read periods before the bill period, each measured like a bill, for the average daily use.
function readHistory(
  reads: readonly StoredRead[],
  register: MeterSpan['register'],
  meterId: string,
  before: string,
): ReadHistoryPeriod[] {
  const actual = reads.filter(
    (read) =>
      read.readOn <= before &&
      (read.kind === 'actual' || read.kind === 'customer' || read.kind === 'install'),
  );
  const history: ReadHistoryPeriod[] = [];
  for (let index = 1; index < actual.length; index++) {
    const previous = actual[index - 1];
    const next = actual[index];
    if (!previous || !next || previous.readOn === next.readOn) continue;
    const result = computeRegisterConsumption([
      { meterId, register, startRead: new Decimal(previous.value), endRead: new Decimal(next.value) },
    ]);
    if (result.kind !== 'measured') continue;
    history.push({
      start: Temporal.PlainDate.from(previous.readOn),
      end: Temporal.PlainDate.from(next.readOn),
      quantity: result.quantity,
    });
  }
  return history;
}

function jsonBasis(basis: ReturnType<typeof estimateRead>['basis']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(basis).map(([key, value]) => [key, value instanceof Decimal ? value.toString() : value]),
  );
}

function touOf(register: InstalledRegister): { schedule?: string; period?: number } {
  if (!register.touPeriod) return {};
  const [schedule, period] = register.touPeriod.split(':');
  return schedule && period !== undefined ? { schedule, period: Number(period) } : {};
}
