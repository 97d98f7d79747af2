import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header names of a delivery; receivers read the signature and timestamp from them. */
export const signatureHeader = 'cis-signature';
export const timestampHeader = 'cis-timestamp';
/**
 * The delivery's own id, the same on every retry, so a receiver can ignore a repeat. It is a random UUID
 * rather than the outbox event's number, which counts the events of every company of the installation.
 */
export const deliveryIdHeader = 'cis-delivery-id';

/** Creates a signing secret for a new subscription: 32 random bytes, as `whsec_` and base64url. */
export function createSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Signs a delivery: `v1=` and the hex HMAC-SHA256, keyed by the signing secret, of the timestamp (Unix
 * seconds), a dot and the exact body. Signing the timestamp lets a receiver reject old replays.
 */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** Checks a received signature in constant time, as a receiver would. */
export function isWebhookSignatureValid(
  secret: string,
  timestampSeconds: number,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestampSeconds, body));
  const presented = Buffer.from(signature);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}
