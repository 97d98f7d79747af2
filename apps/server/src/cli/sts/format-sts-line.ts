import type { Rejection } from '@open-cis/sts';

/** Returns the record's `id`, or its 1-based place in the input when it has none. */
export function recordLabel(record: unknown, index: number): string {
  const id = (record as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && id.length > 0 && !/[\t\n]/.test(id)) return id;
  if (typeof id === 'number') return String(id);
  return `#${index + 1}`;
}

/** Formats one output line: the label, a tab, and the result or `REJECTED: ` with every reason. */
export function formatStsLine(label: string, result: string | Rejection[]): string {
  if (typeof result === 'string') return `${label}\t${result}\n`;
  const reasons = result.map((rejection) => `${rejection.message} [${rejection.code}]`).join(' ');
  return `${label}\tREJECTED: ${reasons.replace(/[\t\n]/g, ' ')}\n`;
}
