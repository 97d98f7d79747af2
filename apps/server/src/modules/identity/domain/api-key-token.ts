import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key token is `cis_` followed by the base64url encoding of 64 bytes: the company id (16 bytes),
 * the key id (16 bytes) and a random 256-bit secret (32 bytes). The ids let the server load the one row
 * by its primary key (company_id, id) before it checks the secret.
 */
export type ApiKeyToken = { companyId: string; keyId: string; secret: Buffer };

const TOKEN_PREFIX = 'cis_';
const UUID_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN_BYTES = UUID_BYTES * 2 + SECRET_BYTES;
const TOKEN_PATTERN = /^cis_[A-Za-z0-9_-]{86}$/;

export function generateApiKeySecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export function formatApiKeyToken(token: ApiKeyToken): string {
  const bytes = Buffer.concat([uuidToBytes(token.companyId), uuidToBytes(token.keyId), token.secret]);
  return TOKEN_PREFIX + bytes.toString('base64url');
}

/** Returns the parts of a well-formed token, or undefined for anything else. */
export function parseApiKeyToken(text: string): ApiKeyToken | undefined {
  if (!TOKEN_PATTERN.test(text)) return undefined;
  const bytes = Buffer.from(text.slice(TOKEN_PREFIX.length), 'base64url');
  if (bytes.length !== TOKEN_BYTES) return undefined;
  return {
    companyId: bytesToUuid(bytes.subarray(0, UUID_BYTES)),
    keyId: bytesToUuid(bytes.subarray(UUID_BYTES, UUID_BYTES * 2)),
    secret: bytes.subarray(UUID_BYTES * 2),
  };
}

/**
 * Hashes a secret for storage. SHA-256 is the right hash here, unlike for passwords: the secret is 256
 * random bits, so a slow hash such as argon2 adds no protection against guessing and would only slow down
 * every request.
 */
export function hashApiKeySecret(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares the presented secret with the stored hash in constant time. */
export function isApiKeySecretValid(secret: Buffer, storedHashHex: string): boolean {
  const presented = createHash('sha256').update(secret).digest();
  const stored = Buffer.from(storedHashHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Invalid UUID "${uuid}" in an API key token.`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
