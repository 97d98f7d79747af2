import { compilePermutation64, permute64, type Permutation64 } from './permutation-64.js';
import { findStaTablesProblems, type StaTables } from './sta-tables.js';

/** EA07, the Standard Transfer Algorithm of IEC 62055-41, compiled for one set of tables. */
export type StaCipher = {
  /** Encrypts a 64-bit block under a 64-bit decoder key (8 bytes). */
  encrypt(block: bigint, decoderKey: Uint8Array): bigint;
  /** Decrypts a 64-bit block under a 64-bit decoder key (8 bytes). */
  decrypt(block: bigint, decoderKey: Uint8Array): bigint;
};

const roundCount = 16;

/**
 * Compiles the STA for a set of tables. The key schedule starts at the decoder key inverted and rotated
 * right by 12 bits. Each of the 16 rounds passes every nibble n of the block through S2 when bit 4n + 3 of
 * the schedule is 1 and through S1 otherwise. It then moves bit i to bit P[i] and rotates the schedule left
 * by one bit. Decryption runs the inverse rounds from the last schedule, the key inverted and rotated left
 * by 3 bits.
 */
export function createStaCipher(tables: StaTables): StaCipher {
  const problems = findStaTablesProblems(tables);
  if (problems.length > 0) {
    throw new RangeError(`Invalid STA tables: ${problems.map((p) => `${p.table} ${p.problem}`).join('; ')}`);
  }
  const encryptionRounds = compileEncryptionRound(tables);
  const inversePermutation = compilePermutation64(tables.permutation);
  const inverseSubstitution = compileInverseSubstitution(tables);
  const halves = new Uint32Array(2);

  return {
    encrypt(block, decoderKey) {
      let [scheduleHigh, scheduleLow] = invertAndRotateRight12(decoderKey);
      let high = Number(block >> 32n) >>> 0;
      let low = Number(block & 0xffffffffn) >>> 0;
      for (let round = 0; round < roundCount; round++) {
        let outHigh = 0;
        let outLow = 0;
        for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
          const value =
            byteIndex < 4 ? (low >>> (byteIndex * 8)) & 0xff : (high >>> ((byteIndex - 4) * 8)) & 0xff;
          const select =
            byteIndex < 4 ? scheduleLow >>> (byteIndex * 8) : scheduleHigh >>> ((byteIndex - 4) * 8);
          const choice = ((select >>> 3) & 1) | ((select >>> 6) & 2);
          const entry = (((byteIndex * 4 + choice) << 8) + value) * 2;
          outHigh |= encryptionRounds[entry]!;
          outLow |= encryptionRounds[entry + 1]!;
        }
        high = outHigh >>> 0;
        low = outLow >>> 0;
        const carry = scheduleHigh >>> 31;
        scheduleHigh = ((scheduleHigh << 1) | (scheduleLow >>> 31)) >>> 0;
        scheduleLow = ((scheduleLow << 1) | carry) >>> 0;
      }
      return (BigInt(high) << 32n) | BigInt(low);
    },

    decrypt(block, decoderKey) {
      let [scheduleHigh, scheduleLow] = invertAndRotateLeft3(decoderKey);
      let high = Number(block >> 32n) >>> 0;
      let low = Number(block & 0xffffffffn) >>> 0;
      for (let round = 0; round < roundCount; round++) {
        permute64(inversePermutation, high, low, halves);
        let outHigh = 0;
        let outLow = 0;
        for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
          const word = byteIndex < 4 ? halves[1]! : halves[0]!;
          const shift = (byteIndex % 4) * 8;
          const select = (byteIndex < 4 ? scheduleLow : scheduleHigh) >>> shift;
          const choice = ((select >>> 3) & 1) | ((select >>> 6) & 2);
          const value = inverseSubstitution[(choice << 8) + ((word >>> shift) & 0xff)]!;
          if (byteIndex < 4) outLow |= value << shift;
          else outHigh |= value << shift;
        }
        high = outHigh >>> 0;
        low = outLow >>> 0;
        const carry = scheduleLow & 1;
        scheduleLow = ((scheduleLow >>> 1) | (scheduleHigh << 31)) >>> 0;
        scheduleHigh = ((scheduleHigh >>> 1) | (carry << 31)) >>> 0;
      }
      return (BigInt(high) << 32n) | BigInt(low);
    },
  };
}

/**
 * Builds the encryption round as one lookup per input byte. Entry `[((byte * 4 + choice) * 256 + value) * 2]`
 * contains the high and low words of the permuted substitution of that byte. Bit 0 of `choice` selects S2
 * for the low nibble, and bit 1 selects S2 for the high nibble.
 */
function compileEncryptionRound(tables: StaTables): Uint32Array {
  const permutation: Permutation64 = compilePermutation64(inverseOf(tables.permutation));
  const table = new Uint32Array(8 * 4 * 256 * 2);
  const halves = new Uint32Array(2);
  for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
    for (let choice = 0; choice < 4; choice++) {
      const lowBox = choice & 1 ? tables.secondSubstitution : tables.firstSubstitution;
      const highBox = choice & 2 ? tables.secondSubstitution : tables.firstSubstitution;
      for (let value = 0; value < 256; value++) {
        const substituted = lowBox[value & 0xf]! | (highBox[value >>> 4]! << 4);
        const high = byteIndex < 4 ? 0 : substituted << ((byteIndex - 4) * 8);
        const low = byteIndex < 4 ? substituted << (byteIndex * 8) : 0;
        permute64(permutation, high >>> 0, low >>> 0, halves);
        const entry = (((byteIndex * 4 + choice) << 8) + value) * 2;
        table[entry] = halves[0]!;
        table[entry + 1] = halves[1]!;
      }
    }
  }
  return table;
}

/** Inverse substitution of a byte: entry `[choice * 256 + value]`, with `choice` as in the encryption round. */
function compileInverseSubstitution(tables: StaTables): Uint8Array {
  const inverseFirst = inverseOf(tables.firstSubstitution);
  const inverseSecond = inverseOf(tables.secondSubstitution);
  const table = new Uint8Array(4 * 256);
  for (let choice = 0; choice < 4; choice++) {
    const lowBox = choice & 1 ? inverseSecond : inverseFirst;
    const highBox = choice & 2 ? inverseSecond : inverseFirst;
    for (let value = 0; value < 256; value++) {
      table[(choice << 8) + value] = lowBox[value & 0xf]! | (highBox[value >>> 4]! << 4);
    }
  }
  return table;
}

/** For a table that maps i to table[i], returns the table that maps table[i] back to i. */
function inverseOf(table: readonly number[]): number[] {
  const result = new Array<number>(table.length);
  table.forEach((target, source) => {
    result[target] = source;
  });
  return result;
}

function keyHalves(decoderKey: Uint8Array): [number, number] {
  if (decoderKey.length !== 8) throw new RangeError('An EA07 decoder key has 8 bytes');
  const high = (decoderKey[0]! << 24) | (decoderKey[1]! << 16) | (decoderKey[2]! << 8) | decoderKey[3]!;
  const low = (decoderKey[4]! << 24) | (decoderKey[5]! << 16) | (decoderKey[6]! << 8) | decoderKey[7]!;
  return [~high >>> 0, ~low >>> 0];
}

function invertAndRotateRight12(decoderKey: Uint8Array): [number, number] {
  const [high, low] = keyHalves(decoderKey);
  return [((high >>> 12) | (low << 20)) >>> 0, ((low >>> 12) | (high << 20)) >>> 0];
}

function invertAndRotateLeft3(decoderKey: Uint8Array): [number, number] {
  const [high, low] = keyHalves(decoderKey);
  return [((high << 3) | (low >>> 29)) >>> 0, ((low << 3) | (high >>> 29)) >>> 0];
}
