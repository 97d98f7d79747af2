import { newId } from '../../../platform/ids/new-id.js';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { RegisterRead } from '@open-cis/rating';
import {
  computeRegisterConsumption,
  estimateRead,
  type EstimationFallback,
  type MeterSpan,
  type ReadHistoryPeriod,
} from '../../readings/index.js';
import type { InstalledRegister, StoredRead } from '../db/load-chunk-inputs.js';
import type { AgreementUsage, EstimatedReadDraft } from './agreement-usage.js';
import type { EstimationDefaults } from './bill-run.js';
import type { UsageRequest } from './compute-agreement-usage.js';
import { measureOfUnit } from './measure-of-unit.js';
import { readOn, type Installation } from './read-timeline.js';

export type RegisterUsageResult =
  | { kind: 'ok'; read: RegisterRead; record: Record<string, unknown>; estimatedRead?: EstimatedReadDraft }
  | Extract<AgreementUsage, { kind: 'exception' }>;

/**
 * Computes one consumption register's use over the read period: a span per meter installed in it (two
 * across a meter exchange), from each span's start read to its end read, with an estimated end read when
 * the period has no actual one. A backwards read makes the account an exception.
 */
export function computeRegisterUsage(
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
      fallback: estimationFallback(request.estimation, register.unit),
    });
    estimatedRead = {
      id: newId(),
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

export function touOf(register: InstalledRegister): { schedule?: string; period?: number } {
  if (!register.touPeriod) return {};
  const [schedule, period] = register.touPeriod.split(':');
  return schedule && period !== undefined ? { schedule, period: Number(period) } : {};
}

// The company's monthly profile for the unit when it has one, else the flat daily use for the unit.
function estimationFallback(estimation: EstimationDefaults, unit: string): EstimationFallback {
  const profile = estimation.profilesByUnit[unit];
  if (profile) {
    return {
      kind: 'profile',
      profileName: profile.name,
      dailyQuantityByMonth: profile.dailyQuantityByMonth.map((quantity) => new Decimal(quantity)),
    };
  }
  return { kind: 'default', dailyQuantity: new Decimal(estimation.dailyUseByUnit[unit] ?? '0') };
}
