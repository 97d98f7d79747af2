import { parseHexBytes } from '../crypto/hex-bytes.js';
import type { KeyDerivationAlgorithm, KeyType } from '../keys/key-data.js';

/** Identity of a vending key: the supply group, key revision, key type and derivation algorithm it serves. */
export type VendingKeyId = { sgc: string; krn: number; kt: KeyType; dkga: KeyDerivationAlgorithm };

/**
 * Vending keys held in memory. The store exposes no key in its enumerable properties, so logging or
 * serializing it shows no secret.
 */
export type VendingKeyStore = {
  findVendingKey(id: VendingKeyId): Uint8Array | undefined;
  readonly size: number;
};

/** A fault in a vending key secrets document. The message names the entry and field, never a key. */
export class VendingKeySecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VendingKeySecretsError';
  }
}

/**
 * Parses vending key secrets: JSON of the form `{"vendingKeys": [{"sgc": "123456", "krn": 1, "kt": 2,
 * "dkga": "02", "keyHex": "…"}]}`. A DKGA02 key is 16 hex digits (64-bit DES); a DKGA04 key 32 to 128.
 * `source` names the file or variable in messages.
 */
export function parseVendingKeySecrets(text: string, source: string): VendingKeyStore {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // The parser's message can quote the text, and the text contains keys.
    throw new VendingKeySecretsError(`${source} is not valid JSON; give {"vendingKeys": [...]}.`);
  }
  const entries = (document as { vendingKeys?: unknown } | null)?.vendingKeys;
  if (!Array.isArray(entries)) {
    throw new VendingKeySecretsError(
      `${source} needs a "vendingKeys" array of {sgc, krn, kt, dkga, keyHex} entries.`,
    );
  }
  const keys = new Map<string, Uint8Array>();
  entries.forEach((entry: unknown, index) => {
    const { id, key } = parseEntry(entry, `${source}: vendingKeys[${index}]`);
    const name = vendingKeyName(id);
    if (keys.has(name))
      throw new VendingKeySecretsError(
        `${source}: vendingKeys[${index}] repeats the key for ${name}; keep one.`,
      );
    keys.set(name, key);
  });
  return {
    findVendingKey: (id) => keys.get(vendingKeyName(id)),
    get size() {
      return keys.size;
    },
  };
}

function parseEntry(entry: unknown, where: string): { id: VendingKeyId; key: Uint8Array } {
  const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const { sgc, krn, kt, dkga, keyHex } = fields;
  if (typeof sgc !== 'string' || !/^\d{6}$/.test(sgc)) {
    throw new VendingKeySecretsError(`${where}.sgc must be the 6-digit supply group code as a string.`);
  }
  if (typeof krn !== 'number' || !Number.isInteger(krn) || krn < 1 || krn > 9) {
    throw new VendingKeySecretsError(`${where}.krn must be the key revision number, 1 to 9.`);
  }
  if (kt !== 0 && kt !== 1 && kt !== 2 && kt !== 3) {
    throw new VendingKeySecretsError(`${where}.kt must be the key type, 0 to 3.`);
  }
  if (dkga !== '02' && dkga !== '04') throw new VendingKeySecretsError(`${where}.dkga must be "02" or "04".`);
  const key = typeof keyHex === 'string' ? parseHexBytes(keyHex) : undefined;
  const validLength = key && (dkga === '02' ? key.length === 8 : key.length >= 16 && key.length <= 64);
  if (!key || !validLength) {
    const expected = dkga === '02' ? '16 hex digits' : '32 to 128 hex digits';
    throw new VendingKeySecretsError(`${where}.keyHex must be ${expected} for DKGA${dkga}.`);
  }
  return { id: { sgc, krn, kt, dkga }, key };
}

function vendingKeyName(id: VendingKeyId): string {
  return `SGC ${id.sgc} KRN ${id.krn} KT ${id.kt} DKGA${id.dkga}`;
}
