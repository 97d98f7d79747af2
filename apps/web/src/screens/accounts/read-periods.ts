import type { z } from 'zod';
import type { readHistoryResponse } from '../../../../server/src/modules/readings/http/read-period-routes.js';

export type ReadHistoryResponse = z.infer<typeof readHistoryResponse>;
/** One register of one meter installation, with its reads in the window and the use between them. */
export type RegisterHistory = ReadHistoryResponse['registers'][number];
export type RegisterRead = RegisterHistory['reads'][number];
export type ReadKind = RegisterRead['kind'];

/** The read types the chart and the table tell apart. */
export const periodReadTypes = ['actual', 'estimated', 'customer'] as const;
export type PeriodReadType = (typeof periodReadTypes)[number];

/** A period between two consecutive read days, with the read type it is shown as. */
export type PeriodRow = RegisterHistory['periods'][number] & {
  readType: PeriodReadType;
  /** The read the period ends on, as read from the dials (before the multiplier). */
  endRead: RegisterRead | undefined;
};

/** Screen state of one register's reads: nothing read, a single read day, or periods between reads. */
export type RegisterReadView =
  | { kind: 'no-reads'; suspectReads: RegisterRead[] }
  | { kind: 'one-read'; read: RegisterRead; suspectReads: RegisterRead[] }
  | { kind: 'periods'; periods: PeriodRow[]; estimatedOnly: boolean; suspectReads: RegisterRead[] };

/**
 * Sorts a register's reads into what the screen shows: nothing read yet, a single read day (no period to
 * measure yet), or the periods between read days. Suspect reads never bound a period, so they are listed
 * apart.
 */
export function computeRegisterReadView(history: RegisterHistory): RegisterReadView {
  const valid = history.reads.filter((read) => read.status === 'valid');
  const suspectReads = history.reads.filter((read) => read.status === 'suspect');
  const byId = new Map(valid.map((read) => [read.id, read]));

  if (history.periods.length === 0) {
    // Of several valid reads on one day the last one counts, as in computeReadPeriods on the server.
    const lastRead = valid.at(-1);
    return lastRead ? { kind: 'one-read', read: lastRead, suspectReads } : { kind: 'no-reads', suspectReads };
  }

  const periods = history.periods.map((period) => ({
    ...period,
    readType: classifyPeriod(period, byId),
    endRead: byId.get(period.endReadId),
  }));
  return {
    kind: 'periods',
    periods,
    estimatedOnly: periods.every((period) => period.readType === 'estimated'),
    suspectReads,
  };
}

/**
 * Classifies a period by its less reliable read: estimated when either read is an estimate, customer when
 * either read came from the customer, otherwise actual. Install and removal reads are taken by the
 * utility's own staff, so they count as actual. The first period may start on a read before the window,
 * which the response does not list, so then only its end read and the server's `estimated` flag decide.
 */
export function classifyPeriod(
  period: RegisterHistory['periods'][number],
  readsById: ReadonlyMap<string, RegisterRead>,
): PeriodReadType {
  if (period.estimated) return 'estimated';
  const kinds = [readsById.get(period.startReadId)?.kind, readsById.get(period.endReadId)?.kind];
  if (kinds.includes('customer')) return 'customer';
  return 'actual';
}

/**
 * Builds one chart row per period, with the quantity under the key of its read type only, so that a
 * stacked bar chart draws each period as one bar in the colour of its type. Periods without a quantity
 * (reads going backwards, or not fitting the dials) get no bar.
 */
export function computeReadChartRows(
  periods: readonly PeriodRow[],
  label: (period: PeriodRow) => string,
): Record<string, string | number>[] {
  return periods.map((period) => ({
    period: label(period),
    // The chart draws quantities (kWh, m³), never money, and only to scale, so the table shows the exact
    // decimal text.
    ...(period.quantity === null ? {} : { [period.readType]: Number(period.quantity) }),
  }));
}

const unitSymbols: Readonly<Record<string, string>> = { m3: 'm³', ft3: 'ft³' };

/** Returns the symbol to show for a register or channel unit as the API names it (m3 → m³). */
export function displayUnit(unit: string): string {
  return unitSymbols[unit] ?? unit;
}
