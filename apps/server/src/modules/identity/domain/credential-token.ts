import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A credential token is a prefix followed by the base64url encoding of 64 bytes: the company id (16
 * bytes), the credential's id (16 bytes) and a random 256-bit secret (32 bytes). The ids let the server
 * load the one row by its primary key (company_id, id), inside that company's row-level security, before
 * it checks the secret. API keys, session cookies and password reset tokens all take this form.
 */
export type CredentialToken = { companyId: string; id: string; secret: Buffer };

export type CredentialKind = 'api-key' | 'session' | 'password-reset';

const PREFIXES: Record<CredentialKind, string> = {
  'api-key': 'cis_',
  session: 'cis_session_',
  'password-reset': 'cis_reset_',
};
const UUID_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN_BYTES = UUID_BYTES * 2 + SECRET_BYTES;
const ENCODED_LENGTH = 86;

export function generateCredentialSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export function formatCredentialToken(kind: CredentialKind, token: CredentialToken): string {
  const bytes = Buffer.concat([uuidToBytes(token.companyId), uuidToBytes(token.id), token.secret]);
  return PREFIXES[kind] + bytes.toString('base64url');
}

/** Returns the parts of a well-formed token of this kind, or undefined for anything else. */
export function parseCredentialToken(kind: CredentialKind, text: string): CredentialToken | undefined {
  const prefix = PREFIXES[kind];
  const encoded = text.slice(prefix.length);
  if (!text.startsWith(prefix) || encoded.length !== ENCODED_LENGTH || !/^[A-Za-z0-9_-]+$/.test(encoded)) {
    return undefined;
  }
  const bytes = Buffer.from(encoded, 'base64url');
  if (bytes.length !== TOKEN_BYTES) return undefined;
  return {
    companyId: bytesToUuid(bytes.subarray(0, UUID_BYTES)),
    id: bytesToUuid(bytes.subarray(UUID_BYTES, UUID_BYTES * 2)),
    secret: bytes.subarray(UUID_BYTES * 2),
  };
}

/**
 * Hashes a secret for storage. SHA-256 is the right hash here, unlike for passwords: the secret is 256
 * random bits, so a slow hash such as argon2 adds no protection against guessing and would only slow down
 * every request.
 */
export function hashCredentialSecret(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Derives a session's CSRF secret from the secret of its cookie with HMAC-SHA-256. The server can then
 * return the CSRF token to any tab that sends the cookie (GET /v1/auth/session) without storing the token,
 * and the token reveals nothing about the cookie's secret.
 */
export function deriveCsrfSecret(sessionSecret: Buffer): Buffer {
  return createHmac('sha256', sessionSecret).update('open-cis session csrf token').digest();
}

/** Compares the presented secret with the stored hash in constant time. */
export function isCredentialSecretValid(secret: Buffer, storedHashHex: string): boolean {
  const presented = createHash('sha256').update(secret).digest();
  const stored = Buffer.from(storedHashHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Invalid UUID "${uuid}" in a credential token.`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
