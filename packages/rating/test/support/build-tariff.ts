import { Temporal } from 'temporal-polyfill';
import {
  compileTariff,
  type ComponentDefinition,
  type CompiledTariff,
  type RateBillPeriodRequest,
  type TariffVersionDefinition,
} from '../../src/index.js';

/** Builds a matrix with the same period at every month and hour. */
export function flatMatrix(period: number): number[][] {
  return Array.from({ length: 12 }, () => new Array<number>(24).fill(period));
}

/** Builds a matrix with `peak` from `fromHour` to `toHour` (exclusive) in every month and `offPeak` elsewhere. */
export function peakMatrix(fromHour: number, toHour: number, peak = 1, offPeak = 0): number[][] {
  return Array.from({ length: 12 }, () =>
    Array.from({ length: 24 }, (_, hour) => (hour >= fromHour && hour < toHour ? peak : offPeak)),
  );
}

type VersionInput = Partial<TariffVersionDefinition> & { components: ComponentDefinition[] };

/** Compiles a tariff from versions given in order; ids and dates default to v1, v2 … from 2000-01-01. */
export function buildTariff(
  versions: VersionInput[],
  options: { holidays?: string[]; service?: 'electricity' | 'gas' | 'water' | 'sewer' } = {},
): CompiledTariff {
  return compileTariff({
    schemaVersion: 1,
    id: 'test-tariff',
    name: 'Test tariff',
    service: options.service ?? 'electricity',
    holidays: options.holidays,
    versions: versions.map((version, index) => ({
      id: `v${index + 1}`,
      effectiveFrom: '2000-01-01',
      ...version,
    })),
  });
}

export const date = (text: string): Temporal.PlainDate => Temporal.PlainDate.from(text);

export const usd = { currency: 'USD', rounding: 'half-up', timeZone: 'America/New_York' } as const;

export function period(start: string, end: string): RateBillPeriodRequest['period'] {
  return { start: date(start), end: date(end) };
}

export function energyReads(kwh: string, ids: string[] = ['read-1']): RateBillPeriodRequest['usage'] {
  return { kind: 'registers', reads: [{ measure: 'energy', quantity: kwh, readingIds: ids }] };
}
