import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createMisty1Cipher,
  createStaCipher,
  encryptDesBlock,
  findStaTablesProblems,
  formatHexBytes,
  iecSampleStaTables,
  parseHexBytes,
  parseStaTablesDocument,
} from '../src/index.js';
import { createSeededRandom } from './support/seeded-random.js';
import { readVectors } from './support/sts-vectors.js';

type Misty1Vector = { id: string; keyHex: string; plaintextHex: string; ciphertextHex: string };
type DesVector = {
  id: string;
  dkga: string;
  vendingKeyHex: string;
  dataBlockHex: string;
  desOutputHex: string;
};

function bytes(hex: string): Uint8Array {
  const parsed = parseHexBytes(hex);
  if (!parsed) throw new Error(`not hex: ${hex}`);
  return parsed;
}

describe('MISTY1', () => {
  it.each(readVectors<Misty1Vector>('misty1-rfc2994.json').map((v) => [v.id, v] as const))(
    'RFC 2994 example %s encrypts and decrypts',
    (_id, vector) => {
      const cipher = createMisty1Cipher(bytes(vector.keyHex));
      const plaintext = BigInt(`0x${vector.plaintextHex}`);
      const ciphertext = BigInt(`0x${vector.ciphertextHex}`);
      expect(cipher.encrypt(plaintext)).toBe(ciphertext);
      expect(cipher.decrypt(ciphertext)).toBe(plaintext);
    },
  );

  it('decrypts what it encrypts for random keys', () => {
    const random = createSeededRandom(2994);
    for (let run = 0; run < 200; run++) {
      const cipher = createMisty1Cipher(random.bytes(16));
      const block = random.bits(64);
      expect(cipher.decrypt(cipher.encrypt(block))).toBe(block);
    }
  });
});

describe('DES', () => {
  const vectors = readVectors<DesVector>('decoder-keys.json').filter((v) => v.dkga === '02');

  it.each(vectors.map((v) => [v.id, v] as const))(
    'DKGA02 vector %s encrypts its data block',
    (_id, vector) => {
      const output = encryptDesBlock(bytes(vector.vendingKeyHex), bytes(vector.dataBlockHex));
      expect(formatHexBytes(output)).toBe(vector.desOutputHex);
    },
  );

  it('agrees with OpenSSL two-key triple DES with equal halves', () => {
    // EDE with K1 = K2 reduces to single DES: E_K(D_K(E_K(x))) = E_K(x).
    const random = createSeededRandom(463);
    for (let run = 0; run < 200; run++) {
      const key = random.bytes(8);
      const block = random.bytes(8);
      const openssl = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null).update(block);
      expect(formatHexBytes(encryptDesBlock(key, block))).toBe(openssl.toString('hex'));
    }
  });
});

describe('STA with the IEC sample tables', () => {
  it('has tables that are permutations', () => {
    expect(findStaTablesProblems(iecSampleStaTables)).toEqual([]);
  });

  it('ships the tables of the sample tables file', () => {
    const fromFile = parseStaTablesDocument(readVectors('sample-tables.json'));
    expect(iecSampleStaTables).toEqual(fromFile);
  });

  it('decrypts what it encrypts for random keys', () => {
    const cipher = createStaCipher(iecSampleStaTables);
    const random = createSeededRandom(62055);
    for (let run = 0; run < 500; run++) {
      const key = random.bytes(8);
      const block = random.bits(64);
      expect(cipher.decrypt(cipher.encrypt(block, key), key)).toBe(block);
    }
  });

  it('works with other tables loaded from configuration', () => {
    const random = createSeededRandom(7);
    const shuffled = (size: number) => {
      const values = Array.from({ length: size }, (_, index) => index);
      for (let index = size - 1; index > 0; index--) {
        const other = random.integer(0, index);
        [values[index], values[other]] = [values[other]!, values[index]!];
      }
      return values;
    };
    const tables = {
      firstSubstitution: shuffled(16),
      secondSubstitution: shuffled(16),
      permutation: shuffled(64),
    };
    const custom = createStaCipher(tables);
    const sample = createStaCipher(iecSampleStaTables);
    const key = random.bytes(8);
    const block = 0x05599863000119e6n;
    expect(custom.encrypt(block, key)).not.toBe(sample.encrypt(block, key));
    expect(custom.decrypt(custom.encrypt(block, key), key)).toBe(block);
  });

  it('rejects tables that are not permutations', () => {
    const broken = { ...iecSampleStaTables, secondSubstitution: [...iecSampleStaTables.secondSubstitution] };
    broken.secondSubstitution[0] = broken.secondSubstitution[1]!;
    expect(() => createStaCipher(broken)).toThrow(/S2 contains 9 twice/);
  });
});
