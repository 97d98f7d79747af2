import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { computeRegisterConsumption } from './compute-register-consumption.js';

/** A valid read of a register, as stored. */
export type PeriodRead = { id: string; readOn: string; value: string; kind: string };

export type ReadPeriodRegister = {
  meterId: string;
  kind: 'consumption' | 'demand';
  dials: number;
  /** Decimal text. A quantity is the dial advance (or the demand read) × multiplier. */
  multiplier: string;
};

/**
 * The use between two consecutive read days of a register: the dial advance × multiplier for a
 * consumption register, the demand read at the end × multiplier for a demand register. `quantity` is
 * null when the reads go backwards beyond a rollover or do not fit the dials.
 */
export type ReadPeriod = {
  start: string;
  end: string;
  days: number;
  startReadId: string;
  endReadId: string;
  quantity: string | null;
  status: 'measured' | 'backwards' | 'invalid';
  rolledOver: boolean;
  /** True when either read is an estimate. */
  estimated: boolean;
};

/**
 * Computes the periods between consecutive read days of one register while its meter was installed at
 * one place. Reads must be in date order. Of several valid reads on one day the last one counts, as in
 * a bill run.
 */
export function computeReadPeriods(register: ReadPeriodRegister, reads: readonly PeriodRead[]): ReadPeriod[] {
  const lastOfDay = new Map<string, PeriodRead>();
  for (const read of reads) lastOfDay.set(read.readOn, read);
  const days = [...lastOfDay.values()];

  const periods: ReadPeriod[] = [];
  for (let index = 1; index < days.length; index++) {
    const start = days[index - 1];
    const end = days[index];
    if (!start || !end) continue;
    periods.push({
      start: start.readOn,
      end: end.readOn,
      days: Temporal.PlainDate.from(start.readOn).until(end.readOn, { largestUnit: 'days' }).days,
      startReadId: start.id,
      endReadId: end.id,
      estimated: start.kind === 'estimated' || end.kind === 'estimated',
      ...measure(register, start, end),
    });
  }
  return periods;
}

function measure(
  register: ReadPeriodRegister,
  start: PeriodRead,
  end: PeriodRead,
): Pick<ReadPeriod, 'quantity' | 'status' | 'rolledOver'> {
  const multiplier = new Decimal(register.multiplier);
  if (register.kind === 'demand') {
    return {
      quantity: new Decimal(end.value).times(multiplier).toString(),
      status: 'measured',
      rolledOver: false,
    };
  }
  let consumption: ReturnType<typeof computeRegisterConsumption>;
  try {
    consumption = computeRegisterConsumption([
      {
        meterId: register.meterId,
        register: { dials: register.dials, multiplier },
        startRead: new Decimal(start.value),
        endRead: new Decimal(end.value),
      },
    ]);
  } catch (error) {
    // A stored read that does not fit the dials gets no quantity instead of failing the whole list.
    if (!(error instanceof RangeError)) throw error;
    return { quantity: null, status: 'invalid', rolledOver: false };
  }
  if (consumption.kind === 'backwards') return { quantity: null, status: 'backwards', rolledOver: false };
  return {
    quantity: consumption.quantity.toString(),
    status: 'measured',
    rolledOver: consumption.spans.some((span) => span.rolledOver),
  };
}
