import type { ChargeType } from '@open-cis/rating';
import type { LedgerAccount } from '../../ledger/index.js';

/** The revenue or tax account a bill line posts to, by what the line charges for. */
export function ledgerAccountOfCharge(chargeType: ChargeType): LedgerAccount {
  switch (chargeType) {
    case 'fixed':
      return 'revenue:fixed';
    case 'energy':
      return 'revenue:energy';
    case 'demand-flat':
    case 'demand-tou':
      return 'revenue:demand';
    case 'volume':
      return 'revenue:water';
    case 'minimum':
      return 'revenue:minimum';
    case 'tax':
      return 'tax';
  }
}
