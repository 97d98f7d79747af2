import type { CreditTokenType } from '@open-cis/sts';
import type { LedgerAccount } from '../../ledger/index.js';

/** A service sold by STS credit token: the inventory meter's service decides which one a meter takes. */
export type PrepaidService = 'electricity' | 'gas' | 'water';

export const prepaidServices = ['electricity', 'gas', 'water'] as const satisfies readonly PrepaidService[];

/**
 * The credit token of each service and the unit its amount field counts in tenths (IEC 62055-41 class 0:
 * subclass 0 electricity in kWh, 1 water and 2 gas in cubic metres). Vends, price blocks, month-to-date
 * figures and free basic allowances of a meter all count in this unit.
 */
export const creditTokenOfService: Record<
  PrepaidService,
  { tokenType: CreditTokenType; unit: 'kWh' | 'm3' }
> = {
  electricity: { tokenType: 'TransferElectricityCredit', unit: 'kWh' },
  water: { tokenType: 'TransferWaterCredit', unit: 'm3' },
  gas: { tokenType: 'TransferGasCredit', unit: 'm3' },
};

/** The ledger account credited with what a vend's units cost, as bill lines of the same service post. */
export const revenueAccountOfService: Record<PrepaidService, LedgerAccount> = {
  electricity: 'revenue:energy',
  gas: 'revenue:energy',
  water: 'revenue:water',
};

/** Returns whether a service name (of a meter, service point or tariff) is one sold by token. */
export function isPrepaidService(service: string): service is PrepaidService {
  return (prepaidServices as readonly string[]).includes(service);
}

/**
 * Reads the service of a vend from the type of its credit token, the register the meter credits. Throws
 * when the vend has no credit token of a known type, which no stored vend lacks.
 */
export function readVendService(tokens: readonly { purpose: string; tokenType: string }[]): PrepaidService {
  const credit = tokens.find((token) => token.purpose === 'credit');
  const service = prepaidServices.find(
    (candidate) => creditTokenOfService[candidate].tokenType === credit?.tokenType,
  );
  if (service === undefined) {
    throw new Error(`A vend has no credit token of a known service (found ${credit?.tokenType ?? 'none'}).`);
  }
  return service;
}
