import { Decimal } from 'decimal.js';
import {
  field,
  readArray,
  readDecimal,
  readInteger,
  readObject,
  readOptional,
  type JsonField,
} from '../definition/json-field.js';
import { TariffError } from '../tariff-error.js';

/** URDB writes "no limit" on a last tier as a huge `max` such as 1e38 or 9.999999680285692e+37. */
const unboundedSentinel = new Decimal('1e30');

export type UrdbTier = { max?: Decimal; price: Decimal; unit?: string; node: JsonField };

/**
 * Reads `structure[period][tier] = {max?, rate, adj?, unit?}` into tiers priced at rate + adj. Every tier
 * needs a `rate`; only the last tier may lack a `max`; a sentinel `max` counts as no limit.
 */
export function readUrdbStructure(node: JsonField): UrdbTier[][] {
  const periods = readArray(node);
  if (periods.length === 0) throw new TariffError(node.path, node.value, 'expected at least one period');
  return periods.map((periodNode) => {
    const tiers = readArray(periodNode);
    if (tiers.length === 0)
      throw new TariffError(periodNode.path, periodNode.value, 'expected at least one tier');
    return tiers.map((tierNode, index) => {
      readObject(tierNode);
      const rateNode = field(tierNode, 'rate');
      if (rateNode.value === undefined || rateNode.value === null)
        throw new TariffError(rateNode.path, rateNode.value, 'rate is missing');
      const rate = readDecimal(rateNode);
      const adj = readOptional(field(tierNode, 'adj'), readDecimal);
      const maxNode = field(tierNode, 'max');
      const max = readOptional(maxNode, readDecimal);
      const isLast = index === tiers.length - 1;
      if (max === undefined && !isLast)
        throw new TariffError(maxNode.path, maxNode.value, 'only the last tier may lack a max');
      if (max?.isNegative()) throw new TariffError(maxNode.path, maxNode.value, 'expected zero or more');
      const unitNode = field(tierNode, 'unit');
      return {
        max: max === undefined || max.gte(unboundedSentinel) ? undefined : max,
        price: adj ? rate.plus(adj) : rate,
        unit: readOptional(unitNode, (unit) => {
          if (typeof unit.value !== 'string')
            throw new TariffError(unit.path, unit.value, 'expected a unit name');
          return unit.value;
        }),
        node: tierNode,
      };
    });
  });
}

/**
 * Reads a [12][24] schedule of 0-based periods (URDB sometimes writes them as floats like 1.0) and checks
 * that every period it uses is defined in the structure it points into.
 */
export function readUrdbSchedule(node: JsonField, periodCount: number, structureName: string): number[][] {
  const months = readArray(node);
  if (months.length !== 12) throw new TariffError(node.path, node.value, 'expected 12 rows, one per month');
  return months.map((month) => {
    const hours = readArray(month);
    if (hours.length !== 24) throw new TariffError(month.path, month.value, 'expected 24 hourly entries');
    return hours.map((hour) => {
      const period = readInteger(hour, 0, 255);
      if (period >= periodCount) {
        throw new TariffError(
          hour.path,
          hour.value,
          `period ${period} is used but ${structureName} defines periods 0 to ${periodCount - 1} only`,
        );
      }
      return period;
    });
  });
}

/** Reads `flatdemandmonths`: the flat demand period of each month, checked against the structure. */
export function readUrdbMonthPeriods(node: JsonField, periodCount: number): number[] {
  const months = readArray(node);
  if (months.length !== 12)
    throw new TariffError(node.path, node.value, 'expected 12 entries, one per month');
  return months.map((month) => {
    const period = readInteger(month, 0, 255);
    if (period >= periodCount) {
      throw new TariffError(
        month.path,
        month.value,
        `period ${period} is used but flatdemandstructure defines periods 0 to ${periodCount - 1} only`,
      );
    }
    return period;
  });
}
