import { Decimal } from 'decimal.js';
import type { TariffDefinition } from '@open-cis/rating';

/**
 * One price block of a prepaid tariff: the price per unit, in major currency units as published, of the
 * month-to-date units from `fromUnits` up to `toUnits`. A block whose `toUnits` is null has no upper limit.
 */
export type PriceBlock = { fromUnits: string; toUnits: string | null; price: string };

export type PrepaidPrices =
  | { kind: 'priced'; unit: 'kWh'; blocks: PriceBlock[] }
  | { kind: 'not-vendable'; field: string; reason: string };

/**
 * Reads the price blocks of a prepaid electricity tariff version: its one energy charge, flat (one tier)
 * or inclining blocks whose kWh limits count the units bought in the month. Other components have no
 * meaning for a purchase (monthly charges and taxes are deductions), so a version with any is rejected.
 */
export function readPriceBlocks(definition: TariffDefinition): PrepaidPrices {
  const version = definition.versions[0];
  if (!version) return notVendable('versions', 'the definition has no version');
  if (definition.service !== 'electricity') {
    return notVendable('service', `prepaid ${definition.service} is not sold yet; only electricity is`);
  }
  const others = version.components.filter((component) => component.kind !== 'energy');
  if (others.length > 0) {
    const names = others.map((component) => `${component.id} (${component.kind})`).join(', ');
    return notVendable(
      'components',
      `a prepaid tariff has one energy charge only, but this one also has ${names}; configure monthly charges and taxes as prepaid deductions`,
    );
  }
  const energy = version.components.filter((component) => component.kind === 'energy');
  const charge = energy[0];
  if (!charge || energy.length > 1) {
    return notVendable('components', `expected one energy charge, found ${energy.length}`);
  }
  if (charge.schedule !== undefined || charge.periods.length !== 1) {
    return notVendable(
      `components.${charge.id}`,
      'time-of-use prices cannot be sold in advance; give one period',
    );
  }
  return readTiers(charge.id, charge.periods[0]!.tiers);
}

function readTiers(
  chargeId: string,
  tiers: { upTo?: string; limitUnit: string; price: string }[],
): PrepaidPrices {
  const blocks: PriceBlock[] = [];
  let from = new Decimal(0);
  for (const [index, tier] of tiers.entries()) {
    const path = `components.${chargeId}.periods[0].tiers[${index}]`;
    if (tier.limitUnit !== 'kWh') {
      return notVendable(`${path}.limitUnit`, `block limits must be kWh per month, not ${tier.limitUnit}`);
    }
    if (new Decimal(tier.price).isNegative()) {
      return notVendable(`${path}.price`, `a price block cannot have a negative price (${tier.price})`);
    }
    const to = tier.upTo === undefined ? null : new Decimal(tier.upTo);
    if (to !== null && !to.times(10).isInteger()) {
      return notVendable(`${path}.upTo`, `block limits must be whole tenths of a kWh, not ${tier.upTo}`);
    }
    blocks.push({ fromUnits: from.toString(), toUnits: to?.toString() ?? null, price: tier.price });
    if (to !== null) from = to;
  }
  const last = blocks.at(-1);
  if (!last || last.toUnits !== null) {
    return notVendable(`components.${chargeId}.periods[0].tiers`, 'the last block needs no upper limit');
  }
  if (new Decimal(last.price).isZero()) {
    return notVendable(
      `components.${chargeId}.periods[0].tiers`,
      'the last block cannot be free, since it has no limit',
    );
  }
  return { kind: 'priced', unit: 'kWh', blocks };
}

function notVendable(field: string, reason: string): PrepaidPrices {
  return { kind: 'not-vendable', field, reason };
}
