import { describe, expect, it } from 'vitest';
import {
  computeReadChartRows,
  computeRegisterReadView,
  displayUnit,
  type ReadKind,
  type RegisterHistory,
  type RegisterReadView,
} from '../src/screens/accounts/read-periods.js';

type ReadSpec = [id: string, readOn: string, value: string, kind: ReadKind, status?: 'valid' | 'suspect'];
type PeriodSpec = [startId: string, endId: string, quantity: string | null, estimated?: boolean];

function history(reads: ReadSpec[], periods: PeriodSpec[], unit = 'kWh'): RegisterHistory {
  const readOn = new Map(reads.map(([id, day]) => [id, day]));
  return {
    servicePointId: 'sp',
    meterId: 'meter',
    meterSerial: 'JE1',
    installedOn: '2026-01-01',
    removedOn: null,
    registerId: 'register',
    code: '1.8.0',
    kind: 'consumption',
    unit,
    dials: 5,
    multiplier: '1',
    touPeriod: null,
    reads: reads.map(([id, day, value, kind, status = 'valid']) => ({
      id,
      readOn: day,
      value,
      kind,
      status,
      statusReason: status === 'suspect' ? 'lower than the read before' : null,
    })),
    periods: periods.map(([startReadId, endReadId, quantity, estimated = false]) => ({
      start: readOn.get(startReadId) ?? '2025-12-01',
      end: readOn.get(endReadId) ?? '2026-01-01',
      days: 31,
      startReadId,
      endReadId,
      quantity,
      status: quantity === null ? 'backwards' : 'measured',
      rolledOver: false,
      estimated,
    })),
  };
}

/** Checks the kind of a view and returns it narrowed to that kind. */
function expectKind<K extends RegisterReadView['kind']>(
  view: RegisterReadView,
  kind: K,
): Extract<RegisterReadView, { kind: K }> {
  expect(view.kind).toBe(kind);
  return view as Extract<RegisterReadView, { kind: K }>;
}

describe('computeRegisterReadView', () => {
  it('shows no reads for an empty register', () => {
    expect(computeRegisterReadView(history([], []))).toEqual({ kind: 'no-reads', suspectReads: [] });
  });

  it('keeps suspect reads of a register without valid reads', () => {
    const view = computeRegisterReadView(history([['s', '2026-02-01', '5', 'customer', 'suspect']], []));

    expect(view.kind).toBe('no-reads');
    expect(view.suspectReads.map((read) => read.id)).toEqual(['s']);
  });

  it('shows a single read with no period yet', () => {
    const view = computeRegisterReadView(history([['a', '2026-01-01', '100', 'install']], []));

    expect(expectKind(view, 'one-read').read.id).toBe('a');
  });

  it('labels actual, estimated and customer periods', () => {
    const view = computeRegisterReadView(
      history(
        [
          ['a', '2026-01-01', '100', 'install'],
          ['b', '2026-02-01', '400', 'actual'],
          ['c', '2026-03-01', '700', 'estimated'],
          ['d', '2026-04-01', '900', 'actual'],
          ['e', '2026-05-01', '1000', 'customer'],
          ['f', '2026-06-01', '1200', 'removal'],
        ],
        [
          ['a', 'b', '300'],
          ['b', 'c', '300', true],
          ['c', 'd', '200', true],
          ['d', 'e', '100'],
          ['e', 'f', '200'],
        ],
      ),
    );

    const { periods, estimatedOnly } = expectKind(view, 'periods');
    expect(periods.map((period) => period.readType)).toEqual([
      'actual',
      'estimated',
      'estimated',
      'customer',
      'customer',
    ]);
    expect(periods.map((period) => period.endRead?.value)).toEqual(['400', '700', '900', '1000', '1200']);
    expect(estimatedOnly).toBe(false);
  });

  it('flags a register whose periods are all estimated', () => {
    const view = computeRegisterReadView(
      history(
        [
          ['a', '2026-01-01', '100', 'estimated'],
          ['b', '2026-02-01', '400', 'estimated'],
        ],
        [['a', 'b', '300', true]],
      ),
    );

    expect(expectKind(view, 'periods').estimatedOnly).toBe(true);
  });

  it('classifies a period starting before the window by its end read', () => {
    const view = computeRegisterReadView(
      history([['b', '2026-02-01', '400', 'customer']], [['outside', 'b', '300']]),
    );

    const [period] = expectKind(view, 'periods').periods;
    expect(period?.readType).toBe('customer');
    expect(period?.start).toBe('2025-12-01');
  });

  it('lists suspect reads apart from the periods', () => {
    const view = computeRegisterReadView(
      history(
        [
          ['a', '2026-01-01', '100', 'actual'],
          ['s', '2026-01-15', '50', 'customer', 'suspect'],
          ['b', '2026-02-01', '400', 'actual'],
        ],
        [['a', 'b', '300']],
      ),
    );

    expect(view.suspectReads.map((read) => read.id)).toEqual(['s']);
    expect(expectKind(view, 'periods').periods.map((period) => period.readType)).toEqual(['actual']);
  });
});

describe('computeReadChartRows', () => {
  it('puts each quantity under its read type', () => {
    const view = computeRegisterReadView(
      history(
        [
          ['a', '2026-01-01', '100', 'actual'],
          ['b', '2026-02-01', '412.5', 'estimated'],
          ['c', '2026-03-01', '10', 'customer'],
        ],
        [
          ['a', 'b', '312.5', true],
          ['b', 'c', null, true],
        ],
      ),
    );
    const { periods } = expectKind(view, 'periods');

    const rows = computeReadChartRows(periods, (period) => `${period.start}/${period.end}`);

    expect(rows).toEqual([
      { period: '2026-01-01/2026-02-01', estimated: 312.5 },
      { period: '2026-02-01/2026-03-01' },
    ]);
  });
});

describe('displayUnit', () => {
  it.each([
    ['kWh', 'kWh'],
    ['m3', 'm³'],
    ['ft3', 'ft³'],
    ['gal', 'gal'],
  ])('shows %s as %s', (unit, symbol) => {
    expect(displayUnit(unit)).toBe(symbol);
  });
});
