import type { DeductionKind, DeductionMethod } from '../../../platform/db/schema.js';
import type { PrepaidService } from './prepaid-service.js';

export type { DeductionKind, DeductionMethod };

export const deductionKinds: readonly DeductionKind[] = [
  'channel-fee',
  'debt-recovery',
  'fixed-charge',
  'tax',
  'levy',
];

/** The methods each kind of deduction may use (the database checks the same pairs). */
export const deductionMethodsByKind: Readonly<Record<DeductionKind, readonly DeductionMethod[]>> = {
  'channel-fee': ['fixed', 'percent'],
  'debt-recovery': ['fixed', 'percent'],
  'fixed-charge': ['monthly'],
  tax: ['included-percent'],
  levy: ['fixed', 'included-percent'],
};

/**
 * A deduction that a company takes from each purchase before it buys units. Rules apply in `position` order:
 * - `fixed`: `amountMinor` per vend;
 * - `percent`: `percent` of the amount tendered;
 * - `included-percent`: the share percent / (100 + percent) of what is left, for taxes and levies that
 *   the amount tendered includes;
 * - `monthly`: `amountMinor` per month, taken from the month's first purchases until it is paid.
 * Every rule is capped by `maxPerVendMinor` and, per meter and month, by `maxPerMonthMinor`. Debt
 * recovery is also capped by what the account owes.
 */
export type DeductionRule = {
  id: string;
  code: string;
  name: string;
  kind: DeductionKind;
  method: DeductionMethod;
  position: number;
  amountMinor: bigint | null;
  /** A decimal string such as "15" or "2.5". */
  percent: string | null;
  maxPerVendMinor: bigint | null;
  maxPerMonthMinor: bigint | null;
  /** The only channel the rule applies to; null for every channel. */
  channel: string | null;
  /** The only service whose purchases the rule applies to; null for every service. */
  service: PrepaidService | null;
};
