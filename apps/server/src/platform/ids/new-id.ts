import { randomFillSync } from 'node:crypto';

const randomPool = new Uint8Array(16 * 256);
let poolOffset = randomPool.length;
let lastMillis = 0;
let sequence = 0;

/**
 * Returns a new UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter that keeps one
 * process's ids increasing within a millisecond, and 62 random bits. Because new ids sort after older
 * ones, bulk inserts append to the right edge of a primary-key index instead of a random leaf page.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = randomByte() & 0x3ff;
  } else if (++sequence > 0xfff) {
    // The counter overflowed within one millisecond, so take the next millisecond to keep the order.
    lastMillis += 1;
    sequence = 0;
  }
  if (poolOffset + 8 > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const bytes = randomPool.subarray(poolOffset, poolOffset + 8);
  poolOffset += 8;
  const high = Math.floor(lastMillis / 0x10000);
  const low = lastMillis % 0x10000;
  return (
    hex(high, 8) +
    '-' +
    hex(low, 4) +
    '-' +
    hex(0x7000 | sequence, 4) +
    '-' +
    hex(0x80 | ((bytes[0] ?? 0) & 0x3f), 2) +
    hexBytes(bytes, 1, 2) +
    '-' +
    hexBytes(bytes, 2, 8)
  );
}

function randomByte(): number {
  if (poolOffset >= randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  return randomPool[poolOffset++] ?? 0;
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

function hexBytes(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let index = from; index < to; index++) text += hex(bytes[index] ?? 0, 2);
  return text;
}
