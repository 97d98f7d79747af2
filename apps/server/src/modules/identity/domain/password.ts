import { hash, verify } from '@node-rs/argon2';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { maxPasswordLength, minPasswordLength } from './password-length.js';

// OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), which is also the library's default.
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id into a PHC string that carries its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** Checks a password against a stored argon2id hash; a malformed hash counts as no match. */
export async function isPasswordValid(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password, verified when the user is unknown, so that an unknown email takes as
// long to reject as a wrong password and the response time does not tell which emails exist.
let decoyHash: Promise<string> | undefined;

/** Spends the time of one password check without a user to check against. */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  await isPasswordValid(await decoyHash, password);
}

/** Throws a validation error naming `field` when the password is too short or too long. */
export function assertPasswordAcceptable(password: string, field: string): void {
  const length = [...password].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    throw invalidInput(
      'IDENTITY.PASSWORD_TOO_WEAK',
      `The password must have ${minPasswordLength} to ${maxPasswordLength} characters; a few unrelated words make a strong one.`,
      [{ path: field, message: `has ${length} characters` }],
    );
  }
}
