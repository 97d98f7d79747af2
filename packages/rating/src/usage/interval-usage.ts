import { Decimal } from 'decimal.js';
import { periodAt, type LoadStep } from './load-step.js';
import type { SegmentUsage } from './segment-usage.js';

const zero = new Decimal(0);

/** Usage of a segment from interval data already placed on the calendar. */
export function createIntervalUsage(
  steps: readonly LoadStep[],
  options: { ignoreDemandWindow: boolean },
): SegmentUsage {
  let total: Decimal | undefined;
  const kwhCache = new Map<string, Map<number, Decimal>>();
  const readingIds = steps.flatMap((step) => (step.readingId === undefined ? [] : [step.readingId]));

  return {
    source: 'intervals',
    readingIds,
    totalKwh() {
      total ??= steps.reduce((sum, step) => sum.plus(step.kwh), zero);
      return total;
    },
    kwhByPeriod(schedule) {
      let byPeriod = kwhCache.get(schedule.id);
      if (!byPeriod) {
        byPeriod = new Map();
        for (const step of steps) {
          const period = periodAt(schedule, step);
          byPeriod.set(period, (byPeriod.get(period) ?? zero).plus(step.kwh));
        }
        kwhCache.set(schedule.id, byPeriod);
      }
      return byPeriod;
    },
    peakKw(windowMinutes) {
      let peak = zero;
      for (const window of demandWindows(steps, options.ignoreDemandWindow ? undefined : windowMinutes)) {
        if (window.kw.gt(peak)) peak = window.kw;
      }
      return peak;
    },
    peakKwByPeriod(schedule, windowMinutes) {
      const peaks = new Map<number, Decimal>();
      for (const window of demandWindows(steps, options.ignoreDemandWindow ? undefined : windowMinutes)) {
        const period = periodAt(schedule, window.first);
        const current = peaks.get(period);
        if (current === undefined || window.kw.gt(current)) peaks.set(period, window.kw);
      }
      return peaks;
    },
    volume() {
      return undefined;
    },
  };
}

type DemandWindow = { first: LoadStep; kw: Decimal };

/**
 * Average demand over clock-aligned windows. With no window, or steps as long as the window or longer, each
 * step's own kW is the demand: a longer step cannot be split into shorter windows.
 */
function* demandWindows(
  steps: readonly LoadStep[],
  windowMinutes: number | undefined,
): Generator<DemandWindow> {
  // kW × minutes summed over the window, so that 5-minute kW values average exactly.
  let open: { key: number; first: LoadStep; kwMinutes: Decimal } | undefined;
  for (const step of steps) {
    if (windowMinutes === undefined || step.minutes >= windowMinutes) {
      yield { first: step, kw: step.kw };
      continue;
    }
    const key = Math.floor(step.startMinute / windowMinutes);
    if (open && open.key !== key) {
      yield { first: open.first, kw: open.kwMinutes.div(windowMinutes) };
      open = undefined;
    }
    const kwMinutes = step.kw.mul(step.minutes);
    open = open ? { ...open, kwMinutes: open.kwMinutes.plus(kwMinutes) } : { key, first: step, kwMinutes };
  }
  if (open && windowMinutes !== undefined) yield { first: open.first, kw: open.kwMinutes.div(windowMinutes) };
}
