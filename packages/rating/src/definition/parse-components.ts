import { Decimal } from 'decimal.js';
import { TariffError } from '../tariff-error.js';
import {
  field,
  readArray,
  readChoice,
  readDecimal,
  readInteger,
  readNonNegativeDecimal,
  readObject,
  readOptional,
  readString,
  type JsonField,
} from './json-field.js';
import type {
  ComponentDefinition,
  ComponentKind,
  DemandChargeDefinition,
  DemandTierDefinition,
  EnergyChargeDefinition,
  EnergyTierDefinition,
  RatePeriodDefinition,
  TaxDefinition,
  VolumeChargeDefinition,
  VolumeTierDefinition,
} from './tariff-definition.js';

const componentKinds: readonly ComponentKind[] = ['fixed', 'energy', 'demand', 'volume', 'minimum', 'tax'];

/** Validates one component of a tariff version and returns it in canonical form (decimals as strings). */
export function parseComponent(node: JsonField): ComponentDefinition {
  readObject(node);
  const kind = readChoice(field(node, 'kind'), componentKinds);
  const id = readString(field(node, 'id'));
  const name = readOptional(field(node, 'name'), readString) ?? id;
  switch (kind) {
    case 'fixed':
      return {
        kind,
        id,
        name,
        amount: readDecimal(field(node, 'amount')).toString(),
        per: readChoice(field(node, 'per'), ['day', 'month', 'year'] as const),
      };
    case 'energy':
      return parseEnergy(node, id, name);
    case 'demand':
      return parseDemand(node, id, name);
    case 'volume':
      return parseVolume(node, id, name);
    case 'minimum':
      return {
        kind,
        id,
        name,
        amount: readNonNegativeDecimal(field(node, 'amount')).toString(),
        per: readChoice(field(node, 'per'), ['month', 'year'] as const),
        settlementMonth: readOptional(field(node, 'settlementMonth'), (month) => readInteger(month, 1, 12)),
      };
    case 'tax':
      return parseTax(node, id, name);
  }
}

function parseEnergy(node: JsonField, id: string, name: string): EnergyChargeDefinition {
  return {
    kind: 'energy',
    id,
    name,
    schedule: readOptional(field(node, 'schedule'), readString),
    tierBasis: readChoice(field(node, 'tierBasis'), ['bill-total', 'period-total'] as const),
    periods: parsePeriods(field(node, 'periods'), (tier): EnergyTierDefinition => ({
      upTo: readOptional(field(tier, 'upTo'), (limit) => readNonNegativeDecimal(limit).toString()),
      limitUnit: readChoice(field(tier, 'limitUnit'), ['kWh', 'kWh/day', 'kWh/kW', 'kWh/kW/day'] as const),
      price: readDecimal(field(tier, 'price')).toString(),
    })),
  };
}

function parseDemand(node: JsonField, id: string, name: string): DemandChargeDefinition {
  const periodByMonthNode = field(node, 'periodByMonth');
  const periodByMonth = readOptional(periodByMonthNode, (months) => {
    const entries = readArray(months);
    if (entries.length !== 12) throw new TariffError(months.path, months.value, 'expected 12 entries');
    return entries.map((entry) => readInteger(entry, 0, 255));
  });
  const schedule = readOptional(field(node, 'schedule'), readString);
  if (schedule !== undefined && periodByMonth !== undefined) {
    throw new TariffError(
      periodByMonthNode.path,
      periodByMonthNode.value,
      'a TOU demand charge takes no periodByMonth',
    );
  }
  return {
    kind: 'demand',
    id,
    name,
    schedule,
    periodByMonth,
    windowMinutes: readOptional(field(node, 'windowMinutes'), (window) => readInteger(window, 1, 1440)),
    demandUnit: readChoice(field(node, 'demandUnit'), ['kW', 'hp'] as const),
    periods: parsePeriods(field(node, 'periods'), (tier): DemandTierDefinition => ({
      upTo: readOptional(field(tier, 'upTo'), (limit) => readNonNegativeDecimal(limit).toString()),
      price: readDecimal(field(tier, 'price')).toString(),
    })),
  };
}

function parseVolume(node: JsonField, id: string, name: string): VolumeChargeDefinition {
  const sourceNode = readObject(field(node, 'source'));
  const sourceKind = readChoice(field(sourceNode, 'kind'), ['metered', 'input'] as const);
  const source: VolumeChargeDefinition['source'] =
    sourceKind === 'metered'
      ? { kind: 'metered' }
      : {
          kind: 'input',
          input: readString(field(sourceNode, 'input')),
          per: readChoice(field(sourceNode, 'per'), ['period', 'day'] as const),
        };
  const tiersNode = field(node, 'tiers');
  const tiers = readArray(tiersNode).map((tier): VolumeTierDefinition => ({
    upTo: readOptional(field(tier, 'upTo'), (limit) => readNonNegativeDecimal(limit).toString()),
    limitUnit: readChoice(field(tier, 'limitUnit'), ['volume', 'volume/day'] as const),
    price: readDecimal(field(tier, 'price')).toString(),
  }));
  assertTierLimits(tiersNode, tiers);
  return { kind: 'volume', id, name, unit: readString(field(node, 'unit')), source, tiers };
}

function parseTax(node: JsonField, id: string, name: string): TaxDefinition {
  const rateNode = readObject(field(node, 'rate'));
  const rateKind = readChoice(field(rateNode, 'kind'), ['percent', 'per-unit'] as const);
  const rate: TaxDefinition['rate'] =
    rateKind === 'percent'
      ? { kind: 'percent', percent: readDecimal(field(rateNode, 'percent')).toString() }
      : {
          kind: 'per-unit',
          price: readDecimal(field(rateNode, 'price')).toString(),
          unit: readString(field(rateNode, 'unit')),
        };
  const appliesToNode = readObject(field(node, 'appliesTo'));
  const componentIds = readOptional(field(appliesToNode, 'componentIds'), (ids) =>
    readArray(ids).map(readString),
  );
  const kinds = readOptional(field(appliesToNode, 'kinds'), (list) =>
    readArray(list).map((kind) => readChoice(kind, componentKinds)),
  );
  if ((componentIds?.length ?? 0) + (kinds?.length ?? 0) === 0) {
    throw new TariffError(appliesToNode.path, appliesToNode.value, 'name at least one component id or kind');
  }
  return { kind: 'tax', id, name, rate, appliesTo: { componentIds, kinds } };
}

function parsePeriods<Tier extends { upTo?: string }>(
  node: JsonField,
  parseTier: (tier: JsonField) => Tier,
): RatePeriodDefinition<Tier>[] {
  const periods = readArray(node).map((periodNode): RatePeriodDefinition<Tier> => {
    readObject(periodNode);
    const tiersNode = field(periodNode, 'tiers');
    const tiers = readArray(tiersNode).map((tier) => parseTier(readObject(tier)));
    assertTierLimits(tiersNode, tiers);
    return {
      period: readInteger(field(periodNode, 'period'), 0, 255),
      name: readOptional(field(periodNode, 'name'), readString),
      tiers,
    };
  });
  if (periods.length === 0) throw new TariffError(node.path, node.value, 'expected at least one period');
  const seen = new Set<number>();
  periods.forEach((period, index) => {
    if (seen.has(period.period)) {
      throw new TariffError(`${node.path}[${index}].period`, period.period, 'period defined twice');
    }
    seen.add(period.period);
  });
  return periods;
}

/** Tier limits must rise strictly, and only the last tier may be unbounded. */
function assertTierLimits(node: JsonField, tiers: { upTo?: string }[]): void {
  if (tiers.length === 0) throw new TariffError(node.path, node.value, 'expected at least one tier');
  let previous: Decimal | undefined;
  tiers.forEach((tier, index) => {
    const isLast = index === tiers.length - 1;
    if (tier.upTo === undefined) {
      if (!isLast)
        throw new TariffError(
          `${node.path}[${index}].upTo`,
          undefined,
          'only the last tier may be unbounded',
        );
      return;
    }
    const limit = new Decimal(tier.upTo);
    if (previous !== undefined && limit.lte(previous))
      throw new TariffError(`${node.path}[${index}].upTo`, tier.upTo, 'tier limits must rise');
    previous = limit;
  });
}
