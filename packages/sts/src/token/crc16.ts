/**
 * CRC-16/MODBUS (polynomial 0x8005 reflected, that is 0xa001; initial value 0xffff; no final XOR) over the
 * bytes given. Returns the register value.
 */
export function computeCrc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/**
 * Computes the CRC field of a token block: CRC-16/MODBUS over 7 bytes, the 2 class bits (below 6 zero bits)
 * then block bits 63 to 16, stored with its two bytes swapped.
 */
export function computeTokenCrc(tokenClass: number, block: bigint): number {
  const input = new Uint8Array(7);
  input[0] = tokenClass & 3;
  for (let index = 0; index < 6; index++)
    input[index + 1] = Number((block >> BigInt(56 - index * 8)) & 0xffn);
  const register = computeCrc16Modbus(input);
  return ((register & 0xff) << 8) | (register >>> 8);
}
