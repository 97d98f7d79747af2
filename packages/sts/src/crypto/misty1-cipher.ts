import { misty1S7, misty1S9 } from './misty1-substitution-boxes.js';

/**
 * MISTY1 (RFC 2994) with its recommended 8 rounds: a 64-bit block cipher with a 128-bit key. STS calls it
 * EA11. The block is one big-endian 64-bit value, the key its 16 bytes in order.
 */
export type Misty1Cipher = {
  encrypt(block: bigint): bigint;
  decrypt(block: bigint): bigint;
};

/** Expands a 16-byte key (RFC 2994, section 2.2) and returns the cipher for it. */
export function createMisty1Cipher(key: Uint8Array): Misty1Cipher {
  if (key.length !== 16) throw new RangeError('A MISTY1 key has 16 bytes');
  const expandedKey = new Uint16Array(16);
  for (let index = 0; index < 8; index++) expandedKey[index] = (key[index * 2]! << 8) | key[index * 2 + 1]!;
  for (let index = 0; index < 8; index++) {
    expandedKey[index + 8] = fi(expandedKey[index]!, expandedKey[(index + 1) % 8]!);
  }

  const fo = (input: number, k: number): number => {
    let left = input >>> 16;
    let right = input & 0xffff;
    left ^= expandedKey[k]!;
    left = fi(left, expandedKey[((k + 5) % 8) + 8]!);
    left ^= right;
    right ^= expandedKey[(k + 2) % 8]!;
    right = fi(right, expandedKey[((k + 1) % 8) + 8]!);
    right ^= left;
    left ^= expandedKey[(k + 7) % 8]!;
    left = fi(left, expandedKey[((k + 3) % 8) + 8]!);
    left ^= right;
    right ^= expandedKey[(k + 4) % 8]!;
    return ((right << 16) | left) >>> 0;
  };

  const fl = (input: number, k: number): number => {
    let left = input >>> 16;
    let right = input & 0xffff;
    if (k % 2 === 0) {
      right ^= left & expandedKey[k / 2]!;
      left ^= right | expandedKey[((k / 2 + 6) % 8) + 8]!;
    } else {
      right ^= left & expandedKey[(((k - 1) / 2 + 2) % 8) + 8]!;
      left ^= right | expandedKey[((k - 1) / 2 + 4) % 8]!;
    }
    return ((left << 16) | right) >>> 0;
  };

  const flInverse = (input: number, k: number): number => {
    let left = input >>> 16;
    let right = input & 0xffff;
    if (k % 2 === 0) {
      left ^= right | expandedKey[((k / 2 + 6) % 8) + 8]!;
      right ^= left & expandedKey[k / 2]!;
    } else {
      left ^= right | expandedKey[((k - 1) / 2 + 4) % 8]!;
      right ^= left & expandedKey[(((k - 1) / 2 + 2) % 8) + 8]!;
    }
    return ((left << 16) | right) >>> 0;
  };

  return {
    encrypt(block) {
      let d0 = Number(block >> 32n) >>> 0;
      let d1 = Number(block & 0xffffffffn) >>> 0;
      for (let round = 0; round < 8; round += 2) {
        d0 = fl(d0, round);
        d1 = fl(d1, round + 1);
        d1 = (d1 ^ fo(d0, round)) >>> 0;
        d0 = (d0 ^ fo(d1, round + 1)) >>> 0;
      }
      d0 = fl(d0, 8);
      d1 = fl(d1, 9);
      return (BigInt(d1) << 32n) | BigInt(d0);
    },

    decrypt(block) {
      let d0 = Number(block & 0xffffffffn) >>> 0;
      let d1 = Number(block >> 32n) >>> 0;
      d0 = flInverse(d0, 8);
      d1 = flInverse(d1, 9);
      for (let round = 6; round >= 0; round -= 2) {
        d0 = (d0 ^ fo(d1, round + 1)) >>> 0;
        d1 = (d1 ^ fo(d0, round)) >>> 0;
        d0 = flInverse(d0, round);
        d1 = flInverse(d1, round + 1);
      }
      return (BigInt(d0) << 32n) | BigInt(d1);
    },
  };
}

/** The function FI of RFC 2994: a 16-bit input mixed through S9 and S7 with a 16-bit key. */
function fi(input: number, key: number): number {
  let d9 = input >>> 7;
  let d7 = input & 0x7f;
  d9 = misty1S9[d9]! ^ d7;
  d7 = (misty1S7[d7]! ^ d9) & 0x7f;
  d7 ^= key >>> 9;
  d9 ^= key & 0x1ff;
  d9 = misty1S9[d9]! ^ d7;
  return (d7 << 9) | d9;
}
