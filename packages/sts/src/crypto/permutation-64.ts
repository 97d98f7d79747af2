/**
 * Lookup tables that apply a fixed permutation of the bits of a 64-bit block one input byte at a time. For
 * input byte k (bits 8k to 8k + 7, bit 0 the least significant) and its value v, entries
 * `[(k * 256 + v) * 2]` and `[... + 1]` are the high and low 32 bits that the byte adds to the output.
 */
export type Permutation64 = Uint32Array;

/**
 * Compiles the permutation in which output bit t takes input bit `sourceOfTarget[t]` (bits numbered from 0,
 * the least significant).
 */
export function compilePermutation64(sourceOfTarget: readonly number[]): Permutation64 {
  const targetOfSource = new Array<number>(64).fill(-1);
  sourceOfTarget.forEach((source, target) => {
    targetOfSource[source] = target;
  });
  const table = new Uint32Array(8 * 256 * 2);
  for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
    for (let value = 0; value < 256; value++) {
      let high = 0;
      let low = 0;
      for (let bit = 0; bit < 8; bit++) {
        if (((value >>> bit) & 1) === 0) continue;
        const target = targetOfSource[byteIndex * 8 + bit]!;
        if (target < 0) continue;
        if (target >= 32) high |= 1 << (target - 32);
        else low |= 1 << target;
      }
      table[(byteIndex * 256 + value) * 2] = high >>> 0;
      table[(byteIndex * 256 + value) * 2 + 1] = low >>> 0;
    }
  }
  return table;
}

/** Permutes the block (`high`, `low`) and writes the result to `out[0]` (high) and `out[1]` (low). */
export function permute64(table: Permutation64, high: number, low: number, out: Uint32Array): void {
  let outHigh = 0;
  let outLow = 0;
  for (let byteIndex = 0; byteIndex < 8; byteIndex++) {
    const value = byteIndex < 4 ? (low >>> (byteIndex * 8)) & 0xff : (high >>> ((byteIndex - 4) * 8)) & 0xff;
    const entry = (byteIndex * 256 + value) * 2;
    outHigh |= table[entry]!;
    outLow |= table[entry + 1]!;
  }
  out[0] = outHigh;
  out[1] = outLow;
}
