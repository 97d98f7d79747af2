/**
 * A small seeded pseudo-random generator (mulberry32), so that property tests draw the same inputs on every
 * run and a failure can be replayed from its seed.
 */
export type SeededRandom = {
  /** An integer from `min` to `max`, both included (up to 2^32 apart). */
  integer(min: number, max: number): number;
  /** A bigint below 2^bits. */
  bits(bits: number): bigint;
  bytes(length: number): Uint8Array;
  pick<Value>(values: readonly Value[]): Value;
};

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
  const integer = (min: number, max: number) => min + (next() % (max - min + 1));
  return {
    integer,
    bits(bits) {
      let value = 0n;
      for (let taken = 0; taken < bits; taken += 32) value = (value << 32n) | BigInt(next());
      return value & ((1n << BigInt(bits)) - 1n);
    },
    bytes(length) {
      return Uint8Array.from({ length }, () => next() & 0xff);
    },
    pick(values) {
      return values[integer(0, values.length - 1)]!;
    },
  };
}
