import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Open CIS';

/** Creates a new random TOTP secret (160 bits, RFC 4226's recommendation), in base32. */
export function createTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** Builds the otpauth:// URI that authenticator apps read from a QR code. */
export function totpUri(secretBase32: string, label: string): string {
  return totpFor(secretBase32, label).toString();
}

const PERIOD_MS = 30_000;

/**
 * Checks a 6-digit code against the current time, allowing one 30-second step of clock drift either way.
 * Returns the time step (30-second periods since 1970) the code belongs to, or undefined when it matches
 * none; callers accept each step only once.
 */
export function matchTotpStep(secretBase32: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? undefined : Math.floor(nowMs / PERIOD_MS) + delta;
}

/** Generates the current code; tests and the demo use it in place of an authenticator app. */
export function generateTotpCode(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32, 'generate').generate({ timestamp: nowMs });
}
