/** How many attempts a delivery gets before it is marked failed: with the default schedule, about 1.5 days. */
export const maxDeliveryAttempts = 12;

/**
 * Returns the wait before the next attempt after `attempts` failed ones: the base doubled each time, at
 * most an hour, less a random 0 to 20 % so that many failed deliveries do not all retry at once.
 */
export function computeRetryDelayMs(attempts: number, baseMs: number, random = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(delay * (1 - 0.2 * random()));
}
