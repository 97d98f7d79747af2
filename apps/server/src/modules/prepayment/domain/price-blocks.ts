import { Decimal } from 'decimal.js';
import type {
  EnergyChargeDefinition,
  TariffDefinition,
  TariffVersionDefinition,
  VolumeChargeDefinition,
} from '@open-cis/rating';
import { creditTokenOfService, isPrepaidService, type PrepaidService } from './prepaid-service.js';
import { convertGasEnergy, convertVolumeUnit, type TariffUnitConversion } from './tariff-unit-conversion.js';

/**
 * One price block of a prepaid tariff: the price per unit, in major currency units, of the month-to-date
 * units from `fromUnits` up to `toUnits`. A block whose `toUnits` is null has no upper limit. When the
 * tariff publishes its prices in another unit than the credit token's, `trace` states the published price
 * and limit and the conversion.
 */
export type PriceBlock = { fromUnits: string; toUnits: string | null; price: string; trace?: string };

export type PrepaidPrices =
  | { kind: 'priced'; service: PrepaidService; unit: 'kWh' | 'm3'; blocks: PriceBlock[] }
  | { kind: 'not-vendable'; field: string; reason: string };

type NotVendable = Extract<PrepaidPrices, { kind: 'not-vendable' }>;

/** The tiers of a tariff's one charge, where they sit in the definition, and how they convert to the token's unit. */
type ChargeTiers = {
  path: string;
  tiers: readonly { upTo?: string; price: string }[];
  conversion: TariffUnitConversion | null;
};

/**
 * Reads the price blocks of a prepaid tariff version in the unit of its service's credit token: kWh for
 * electricity, m³ for water and gas. The version has one charge, flat (one tier) or in inclining blocks
 * whose limits count the units bought in the month. Electricity takes an energy charge in kWh, water a
 * metered volume charge (see convertVolumeUnit), and gas either of these, an energy charge needing the
 * version's gas conversion. Other components have no meaning for a purchase (monthly charges and taxes
 * are deductions), so a version with any is rejected.
 */
export function readPriceBlocks(definition: TariffDefinition): PrepaidPrices {
  const version = definition.versions[0];
  if (!version) return notVendable('versions', 'the definition has no version');
  const { service } = definition;
  if (!isPrepaidService(service)) {
    return notVendable('service', `${service} is not sold by token; only electricity, gas and water are`);
  }
  const others = version.components.filter(
    (component) => component.kind !== 'energy' && component.kind !== 'volume',
  );
  if (others.length > 0) {
    const names = others.map((component) => `${component.id} (${component.kind})`).join(', ');
    return notVendable(
      'components',
      `a prepaid tariff has one energy or volume charge only, but this one also has ${names}; configure monthly charges and taxes as prepaid deductions`,
    );
  }
  const charges = version.components.filter(
    (component) => component.kind === 'energy' || component.kind === 'volume',
  );
  const charge = charges[0];
  if (!charge || charges.length > 1) {
    return notVendable('components', `expected one energy or volume charge, found ${charges.length}`);
  }
  const tiers =
    charge.kind === 'energy' ? readEnergyTiers(service, charge, version) : readVolumeTiers(service, charge);
  if ('kind' in tiers) return tiers;
  return readTiers(service, tiers);
}

/** Reads the tiers of an energy charge: kWh of electricity, or kWh of gas through the gas conversion. */
function readEnergyTiers(
  service: PrepaidService,
  charge: EnergyChargeDefinition,
  version: TariffVersionDefinition,
): ChargeTiers | NotVendable {
  if (service === 'water') {
    return notVendable(`components.${charge.id}`, 'water is sold by volume; price it with a volume charge');
  }
  if (charge.schedule !== undefined || charge.periods.length !== 1) {
    return notVendable(
      `components.${charge.id}`,
      'time-of-use prices cannot be sold in advance; give one period',
    );
  }
  const path = `components.${charge.id}.periods[0].tiers`;
  const { tiers } = charge.periods[0]!;
  for (const [index, tier] of tiers.entries()) {
    if (tier.limitUnit !== 'kWh') {
      return notVendable(
        `${path}[${index}].limitUnit`,
        `block limits must be kWh per month, not ${tier.limitUnit}`,
      );
    }
  }
  if (service === 'electricity') return { path, tiers, conversion: null };
  if (version.gasConversion === undefined) {
    return notVendable(
      'gasConversion',
      'gas credit is sold in m3, so a gas tariff priced per kWh needs a gasConversion (volume correction factor and calorific value)',
    );
  }
  return { path, tiers, conversion: convertGasEnergy(version.gasConversion) };
}

/** Reads the tiers of a volume charge on metered water or gas, converted to m³ unless published in m³. */
function readVolumeTiers(service: PrepaidService, charge: VolumeChargeDefinition): ChargeTiers | NotVendable {
  const at = `components.${charge.id}`;
  if (service === 'electricity') {
    return notVendable(at, 'electricity is sold in kWh; price it with an energy charge');
  }
  if (charge.source.kind !== 'metered') {
    return notVendable(
      `${at}.source`,
      `a purchase buys metered volume, not the input quantity ${charge.source.input}`,
    );
  }
  const path = `${at}.tiers`;
  for (const [index, tier] of charge.tiers.entries()) {
    if (tier.limitUnit !== 'volume') {
      return notVendable(
        `${path}[${index}].limitUnit`,
        `block limits must be volume per month (limitUnit volume), not ${tier.limitUnit}`,
      );
    }
  }
  const conversion = convertVolumeUnit(charge.unit);
  if ('reason' in conversion) return notVendable(`${at}.unit`, conversion.reason);
  return { path, tiers: charge.tiers, conversion: charge.unit === 'm3' ? null : conversion };
}

/**
 * Builds the price blocks of the tiers in the token's unit. A limit published in the token's unit must be
 * whole tenths, as the token counts. A converted limit is rounded to the nearest tenth, since a meter
 * credits no finer, so a block may end up to 0.05 m³ off its published limit.
 */
function readTiers(service: PrepaidService, { path, tiers, conversion }: ChargeTiers): PrepaidPrices {
  const { unit } = creditTokenOfService[service];
  const blocks: PriceBlock[] = [];
  let from = new Decimal(0);
  for (const [index, tier] of tiers.entries()) {
    const at = `${path}[${index}]`;
    if (new Decimal(tier.price).isNegative()) {
      return notVendable(`${at}.price`, `a price block cannot have a negative price (${tier.price})`);
    }
    const to = tier.upTo === undefined ? null : readLimit(new Decimal(tier.upTo), conversion);
    if (to !== null && conversion === null && !to.times(10).isInteger()) {
      return notVendable(`${at}.upTo`, `block limits must be whole tenths of a ${unit}, not ${tier.upTo}`);
    }
    if (to !== null && to.lte(from)) {
      return notVendable(
        `${at}.upTo`,
        `block limit ${tier.upTo} ${conversion?.tariffUnit ?? unit} is ${to.toString()} ${unit}, which does not pass the limit of the block before (${from.toString()} ${unit})`,
      );
    }
    blocks.push({
      fromUnits: from.toString(),
      toUnits: to?.toString() ?? null,
      price: conversion === null ? tier.price : conversion.convertPrice(new Decimal(tier.price)).toFixed(),
      ...(conversion === null ? {} : { trace: tracePublishedTier(tier, conversion) }),
    });
    if (to !== null) from = to;
  }
  const last = blocks.at(-1);
  if (!last || last.toUnits !== null) return notVendable(path, 'the last block needs no upper limit');
  if (new Decimal(last.price).isZero()) {
    return notVendable(path, 'the last block cannot be free, since it has no limit');
  }
  return { kind: 'priced', service, unit, blocks };
}

/** Returns a block limit in the token's unit: as published, or converted and rounded to a tenth. */
function readLimit(upTo: Decimal, conversion: TariffUnitConversion | null): Decimal {
  if (conversion === null) return upTo;
  return conversion.convertQuantity(upTo).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
}

/** Words a converted tier as the tariff publishes it, with the conversion, for the receipt line's trace. */
function tracePublishedTier(
  tier: { upTo?: string; price: string },
  conversion: TariffUnitConversion,
): string {
  const { tariffUnit } = conversion;
  const limit = tier.upTo === undefined ? '' : ` up to ${tier.upTo} ${tariffUnit} a month`;
  return `published as ${tier.price} per ${tariffUnit}${limit}; ${conversion.text}`;
}

function notVendable(field: string, reason: string): NotVendable {
  return { kind: 'not-vendable', field, reason };
}
