import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type {
  CompiledComponent,
  CompiledPeriod,
  CompiledSchedule,
  CompiledTariff,
  CompiledVersion,
} from './compiled-tariff.js';
import type {
  ComponentDefinition,
  RatePeriodDefinition,
  TariffVersionDefinition,
  TouScheduleDefinition,
} from './definition/tariff-definition.js';
import { parseTariffDefinition } from './definition/parse-tariff-definition.js';

const megajoulesPerKwh = new Decimal('3.6');

/**
 * Builds the rating form of a tariff. The definition is validated again first, so a compiled tariff never
 * holds a reference that does not resolve. Compile once per tariff version and reuse the result.
 */
export function compileTariff(document: unknown): CompiledTariff {
  const definition = parseTariffDefinition(document);
  return {
    definition,
    holidays: new Set(definition.holidays ?? []),
    versions: definition.versions.map(compileVersion),
  };
}

function compileVersion(version: TariffVersionDefinition): CompiledVersion {
  const schedules = new Map(
    (version.schedules ?? []).map((schedule) => [schedule.id, compileSchedule(schedule)]),
  );
  const seasonByMonth = Array.from({ length: 13 }, (_, month) =>
    version.seasons?.find((season) => season.months.includes(month)),
  );
  const conversion = version.gasConversion;
  const calorificKwh = conversion
    ? conversion.calorificValueUnit === 'MJ/m3'
      ? new Decimal(conversion.calorificValue).div(megajoulesPerKwh)
      : new Decimal(conversion.calorificValue)
    : undefined;
  return {
    id: version.id,
    effectiveFrom: Temporal.PlainDate.from(version.effectiveFrom),
    schedules,
    seasonByMonth,
    gasKwhPerCubicMetre:
      conversion && calorificKwh ? calorificKwh.mul(conversion.volumeCorrectionFactor) : undefined,
    gasConversionText: conversion
      ? `m³ × volume correction factor ${conversion.volumeCorrectionFactor} × calorific value ${conversion.calorificValue} ${conversion.calorificValueUnit}` +
        (conversion.calorificValueUnit === 'MJ/m3' ? ' ÷ 3.6 MJ/kWh' : '')
      : undefined,
    components: version.components.map((component) => compileComponent(component, schedules)),
  };
}

function compileSchedule(schedule: TouScheduleDefinition): CompiledSchedule {
  const flatten = (matrix: number[][]): Uint8Array => Uint8Array.from(matrix.flat());
  const weekday = flatten(schedule.weekday);
  const weekend = flatten(schedule.weekend);
  const holiday = schedule.holiday ? flatten(schedule.holiday) : weekend;
  const periods = [...new Set([...weekday, ...weekend, ...holiday])].sort((a, b) => a - b);
  const singlePeriodByMonth = Array.from({ length: 12 }, (_, month) => {
    const used = new Set<number>();
    for (const table of [weekday, weekend, holiday]) {
      for (let hour = 0; hour < 24; hour++) used.add(table[month * 24 + hour] ?? 0);
    }
    return used.size === 1 ? [...used][0] : undefined;
  });
  return { id: schedule.id, weekday, weekend, holiday, periods, singlePeriodByMonth };
}

function compilePeriods<Tier extends { upTo?: string; price: string }, Extra>(
  periods: RatePeriodDefinition<Tier>[],
  extra: (tier: Tier) => Extra,
): Map<number, CompiledPeriod<{ index: number; upTo?: Decimal; price: Decimal } & Extra>> {
  return new Map(
    periods.map((period) => [
      period.period,
      {
        period: period.period,
        name: period.name,
        tiers: period.tiers.map((tier, index) => ({
          index,
          upTo: tier.upTo === undefined ? undefined : new Decimal(tier.upTo),
          price: new Decimal(tier.price),
          ...extra(tier),
        })),
      },
    ]),
  );
}

function compileComponent(
  component: ComponentDefinition,
  schedules: ReadonlyMap<string, CompiledSchedule>,
): CompiledComponent {
  const { id, name } = component;
  switch (component.kind) {
    case 'fixed':
      return { kind: 'fixed', id, name, amount: new Decimal(component.amount), per: component.per };
    case 'energy':
      return {
        kind: 'energy',
        id,
        name,
        schedule: component.schedule === undefined ? undefined : schedules.get(component.schedule),
        tierBasis: component.tierBasis,
        periods: compilePeriods(component.periods, (tier) => ({ limitUnit: tier.limitUnit })),
      };
    case 'demand':
      return {
        kind: 'demand',
        id,
        name,
        schedule: component.schedule === undefined ? undefined : schedules.get(component.schedule),
        periodByMonth: component.periodByMonth ?? new Array<number>(12).fill(0),
        windowMinutes: component.windowMinutes,
        demandUnit: component.demandUnit,
        periods: compilePeriods(component.periods, () => ({})),
      };
    case 'volume':
      return {
        kind: 'volume',
        id,
        name,
        unit: component.unit,
        source: component.source,
        tiers: component.tiers.map((tier, index) => ({
          index,
          upTo: tier.upTo === undefined ? undefined : new Decimal(tier.upTo),
          price: new Decimal(tier.price),
          limitUnit: tier.limitUnit,
        })),
      };
    case 'minimum':
      return {
        kind: 'minimum',
        id,
        name,
        amount: new Decimal(component.amount),
        per: component.per,
        settlementMonth: component.settlementMonth ?? 12,
      };
    case 'tax':
      return {
        kind: 'tax',
        id,
        name,
        rate:
          component.rate.kind === 'percent'
            ? {
                kind: 'percent',
                percent: new Decimal(component.rate.percent),
                fraction: new Decimal(component.rate.percent).div(100),
              }
            : { kind: 'per-unit', price: new Decimal(component.rate.price), unit: component.rate.unit },
        componentIds: new Set(component.appliesTo.componentIds ?? []),
        kinds: new Set(component.appliesTo.kinds ?? []),
      };
  }
}
