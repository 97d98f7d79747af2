const bit27 = 1n << 27n;
const bit28 = 1n << 28n;
const low64 = (1n << 64n) - 1n;

/**
 * Forms the 20-digit token from a 64-bit encrypted block and the 2-bit token class. The class bits replace
 * block bits 28 and 27, and the block bits they replace move to bits 65 and 64 of the 66-bit token, which is
 * written in decimal with leading zeros.
 */
export function formatTokenNumber(tokenClass: number, encryptedBlock: bigint): string {
  const movedBits = ((encryptedBlock & bit28) << 37n) | ((encryptedBlock & bit27) << 37n);
  const classBits = BigInt(tokenClass & 3) << 27n;
  const value = movedBits | (encryptedBlock & ~(bit28 | bit27)) | classBits;
  return value.toString().padStart(20, '0');
}

/**
 * Splits a 20-digit token back into its class and its 64-bit encrypted block. Returns undefined when the
 * text is not 20 decimal digits or its value needs more than 66 bits.
 */
export function parseTokenNumber(token: string): { tokenClass: number; encryptedBlock: bigint } | undefined {
  if (!/^\d{20}$/.test(token)) return undefined;
  const value = BigInt(token);
  if (value >> 66n !== 0n) return undefined;
  const tokenClass = Number((value >> 27n) & 3n);
  const restored = ((value >> 37n) & (bit28 | bit27)) | (value & low64 & ~(bit28 | bit27));
  return { tokenClass, encryptedBlock: restored };
}
