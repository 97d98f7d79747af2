import type { TokenIssuer } from './token-issuer.js';

/** Address of a certified hardware security module that stores the vending keys. */
export type HsmTokenIssuerOptions = { endpoint: string; keySlot: string };

/** Raised by the HSM adapter while no certified module is integrated. */
export class HsmNotAvailableError extends Error {
  constructor(operation: string) {
    super(
      `The HSM token issuer cannot ${operation}: no certified hardware security module adapter is built yet. ` +
        'Set STS_TOKEN_ISSUER=software with vending keys in a secrets file, or integrate the module.',
    );
    this.name = 'HsmNotAvailableError';
  }
}

/**
 * Creates the placeholder for a certified STS hardware security module (a prepayment vending security
 * module). Every call rejects with an HsmNotAvailableError. An adapter for a real module needs these calls,
 * with the vending keys and decoder keys kept inside the module:
 *
 * - derive and encrypt: given the meter PAN, the key data (SGC, TI, KRN, KT, base date, DKGA, EA) and a
 *   64-bit plaintext block with its token class, return the 64-bit encrypted block. The module derives the
 *   decoder key from the vending key for that SGC, KRN and KT.
 * - key change: given the PAN, the current and the new key data and the RO bit, return the encrypted blocks
 *   of the 2 or 4 key change tokens, so that the new decoder key never leaves the module in clear.
 * - STA tables: the module applies the licensed production tables for EA07 itself.
 *
 * The blocks, CRC, amount encoding, TID and the 20-digit form stay in this package.
 */
export function createHsmTokenIssuer(options: HsmTokenIssuerOptions): TokenIssuer {
  const target = `${options.endpoint} slot ${options.keySlot}`;
  return {
    kind: 'hsm',
    issueToken: () => Promise.reject(new HsmNotAvailableError(`issue a token through ${target}`)),
    issueKeyChange: () =>
      Promise.reject(new HsmNotAvailableError(`issue a key change set through ${target}`)),
  };
}
