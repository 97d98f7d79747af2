/**
 * Returns today's date (YYYY-MM-DD) in `timeZone`. In the company's time zone this is the day the server
 * treats as today. The UTC date can differ by a day, and when it is ahead the server rejects it as future.
 */
export function todayIn(timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
