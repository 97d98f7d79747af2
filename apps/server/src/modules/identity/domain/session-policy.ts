/** How long a session lives at most, and how long it may stay unused, in milliseconds. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
export const sessionIdleTimeoutMs = 30 * 60 * 1000;

/** Failed sign-ins in a row that lock an account, and for how long. */
export const maxFailedSignIns = 5;
export const lockoutMs = 15 * 60 * 1000;

/** How long a password reset token stays valid. */
export const passwordResetLifetimeMs = 24 * 60 * 60 * 1000;
