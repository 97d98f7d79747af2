import type { Bill } from '../../api/types.js';

/** A meter read that a bill segment was rated on, as its consumption records it. */
export type BillRead = {
  id: string;
  readOn: string;
  value: string;
  kind: string;
  unit: string | null;
  meterId: string | null;
};

type RecordedRead = { id?: unknown; value?: unknown; kind?: unknown };
type RecordedSpan = {
  meterId?: unknown;
  from?: unknown;
  to?: unknown;
  startRead?: unknown;
  endRead?: unknown;
};

/**
 * Collects the reads of a bill by id from its segments' consumption, where each register lists the spans
 * it was measured over. A span's start read is dated on its first day and its end read on the day after its
 * last. Consumption is stored as recorded JSON, so every field is checked before it is used.
 */
export function collectBillReads(segments: Bill['segments']): Map<string, BillRead> {
  const reads = new Map<string, BillRead>();
  for (const segment of segments) {
    for (const register of Object.values(segment.consumption)) {
      if (!isObject(register) || !Array.isArray(register.spans)) continue;
      const unit = typeof register.unit === 'string' ? register.unit : null;
      for (const span of register.spans as RecordedSpan[]) {
        if (!isObject(span)) continue;
        const meterId = typeof span.meterId === 'string' ? span.meterId : null;
        addRead(reads, span.startRead, span.from, unit, meterId);
        addRead(reads, span.endRead, span.to, unit, meterId);
      }
    }
  }
  return reads;
}

function addRead(
  reads: Map<string, BillRead>,
  read: unknown,
  readOn: unknown,
  unit: string | null,
  meterId: string | null,
): void {
  if (!isObject(read) || typeof readOn !== 'string') return;
  const { id, value, kind } = read as RecordedRead;
  if (typeof id !== 'string' || typeof value !== 'string') return;
  reads.set(id, { id, readOn, value, kind: typeof kind === 'string' ? kind : 'actual', unit, meterId });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
