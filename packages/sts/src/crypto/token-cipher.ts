import type { EncryptionAlgorithm } from '../keys/key-data.js';
import { iecSampleStaTables } from './iec-sample-sta-tables.js';
import { createMisty1Cipher } from './misty1-cipher.js';
import { createStaCipher, type StaCipher } from './sta-cipher.js';

/** A meter's decoder key and the algorithm that uses it. */
export type DecoderKey = { ea: EncryptionAlgorithm; key: Uint8Array };

/** Encrypts and decrypts 64-bit token blocks under one decoder key. */
export type TokenCipher = {
  encrypt(block: bigint): bigint;
  decrypt(block: bigint): bigint;
};

let sampleStaCipher: StaCipher | undefined;

/** Returns the STA compiled with the IEC sample tables, building it on first use. */
export function getSampleStaCipher(): StaCipher {
  sampleStaCipher ??= createStaCipher(iecSampleStaTables);
  return sampleStaCipher;
}

/**
 * Returns the cipher for a decoder key: EA07 with the given STA tables (the IEC sample tables by default),
 * or EA11. Throws a RangeError when the key length does not suit the algorithm.
 */
export function createTokenCipher(decoderKey: DecoderKey, staCipher?: StaCipher): TokenCipher {
  switch (decoderKey.ea) {
    case '07': {
      const sta = staCipher ?? getSampleStaCipher();
      const key = decoderKey.key;
      if (key.length !== 8) throw new RangeError('An EA07 decoder key has 8 bytes');
      return { encrypt: (block) => sta.encrypt(block, key), decrypt: (block) => sta.decrypt(block, key) };
    }
    case '11':
      return createMisty1Cipher(decoderKey.key);
  }
}
