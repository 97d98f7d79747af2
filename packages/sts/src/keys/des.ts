import { compilePermutation64, permute64 } from '../crypto/permutation-64.js';

// The tables of the Data Encryption Standard, FIPS PUB 46-3 (1999). Positions count from 1, the most
// significant bit, as the standard prints them.

const initialPermutation = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40,
  32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5,
  63, 55, 47, 39, 31, 23, 15, 7,
];

const roundPermutation = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22,
  11, 4, 25,
];

const permutedChoice1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];

const permutedChoice2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47,
  55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];

const keyRotations = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/** S1 to S8, each as four rows of 16 entries. */
export const desSubstitutionBoxes: readonly (readonly number[])[] = [
  [
    14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3,
    8, 4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6,
    13,
  ],
  [
    15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11,
    5, 0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5,
    14, 9,
  ],
  [
    10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15,
    1, 13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2,
    12,
  ],
  [
    7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14,
    9, 10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2,
    14,
  ],
  [
    2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8,
    6, 4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4,
    5, 3,
  ],
  [
    12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3,
    8, 9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8,
    13,
  ],
  [
    4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8,
    6, 1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3,
    12,
  ],
  [
    13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9,
    2, 7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6,
    11,
  ],
];

/** Converts a table of 1-based, most-significant-first positions to 0-based, least-significant-first ones. */
function fromDesPositions(table: readonly number[], width: number): number[] {
  return table.map((position) => width - position);
}

const initialPermutationTable = compilePermutation64([...fromDesPositions(initialPermutation, 64)].reverse());
const finalPermutationTable = compilePermutation64(
  inverse([...fromDesPositions(initialPermutation, 64)].reverse()),
);

function inverse(sourceOfTarget: readonly number[]): number[] {
  const result = new Array<number>(sourceOfTarget.length);
  sourceOfTarget.forEach((source, target) => {
    result[source] = target;
  });
  return result;
}

/**
 * The eight S-boxes merged with the permutation P: entry `[box * 64 + input]` is the 32-bit round-function
 * output of S-box `box` for the 6-bit input, already permuted.
 */
const substitutionPermutation = buildSubstitutionPermutation();

function buildSubstitutionPermutation(): Uint32Array {
  const table = new Uint32Array(8 * 64);
  for (let box = 0; box < 8; box++) {
    for (let input = 0; input < 64; input++) {
      const row = ((input >>> 4) & 2) | (input & 1);
      const column = (input >>> 1) & 0xf;
      const output = desSubstitutionBoxes[box]![row * 16 + column]!;
      let permuted = 0;
      roundPermutation.forEach((source, index) => {
        // Position `source` of the S-box output word (1 = most significant) is bit (32 - source).
        const sourceBit = 32 - source;
        const boxBit = sourceBit - (28 - box * 4);
        if (boxBit < 0 || boxBit > 3) return;
        if ((output >>> boxBit) & 1) permuted |= 1 << (31 - index);
      });
      table[box * 64 + input] = permuted >>> 0;
    }
  }
  return table;
}

/** Computes the 16 round keys, each as eight 6-bit groups (S-box 1 first). */
function scheduleKeys(key: Uint8Array): Uint8Array {
  const keyBits = new Uint8Array(64);
  for (let position = 0; position < 64; position++) {
    keyBits[position] = (key[position >>> 3]! >>> (7 - (position & 7))) & 1;
  }
  const left = permutedChoice1.slice(0, 28).map((position) => keyBits[position - 1]!);
  const right = permutedChoice1.slice(28).map((position) => keyBits[position - 1]!);
  const roundKeys = new Uint8Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let shift = 0; shift < keyRotations[round]!; shift++) {
      left.push(left.shift()!);
      right.push(right.shift()!);
    }
    const halves = [...left, ...right];
    for (let group = 0; group < 8; group++) {
      let value = 0;
      for (let bit = 0; bit < 6; bit++) value = (value << 1) | halves[permutedChoice2[group * 6 + bit]! - 1]!;
      roundKeys[round * 8 + group] = value;
    }
  }
  return roundKeys;
}

/**
 * Encrypts one 8-byte block with single DES (FIPS PUB 46-3) under an 8-byte key; the parity bits of the key
 * are ignored. Written here because Node 20's OpenSSL 3 offers no single-DES cipher in its default provider.
 */
export function encryptDesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (key.length !== 8 || block.length !== 8)
    throw new RangeError('DES needs an 8-byte key and an 8-byte block');
  const roundKeys = scheduleKeys(key);
  const halves = new Uint32Array(2);
  permute64(initialPermutationTable, readUint32(block, 0), readUint32(block, 4), halves);
  let left = halves[0]!;
  let right = halves[1]!;
  for (let round = 0; round < 16; round++) {
    let mixed = 0;
    for (let box = 0; box < 8; box++) {
      const rotated = ((right << (box * 4 + 5)) | (right >>> (32 - (box * 4 + 5)))) >>> 0;
      mixed ^= substitutionPermutation[box * 64 + ((rotated & 0x3f) ^ roundKeys[round * 8 + box]!)]!;
    }
    const next = (left ^ mixed) >>> 0;
    left = right;
    right = next;
  }
  permute64(finalPermutationTable, right, left, halves);
  const output = new Uint8Array(8);
  writeUint32(output, 0, halves[0]!);
  writeUint32(output, 4, halves[1]!);
  return output;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}
