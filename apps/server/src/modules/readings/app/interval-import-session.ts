import type { Trx } from '../../../platform/context/request-context.js';
import {
  insertNewIntervalReadings,
  upsertIntervalReadings,
  type IntervalRow,
} from '../db/write-interval-readings.js';

/** A rejected row or value: 1-based line, and the column, field and value when the source names them. */
export type ImportProblem = {
  code: string;
  message: string;
  line: number;
  column: number | null;
  field: string | null;
  value: string | null;
};

export type OnImportError = 'skip' | 'abort';
export type OnDuplicate = 'upsert' | 'report';

export type ImportCounts = {
  readingsInserted: number;
  readingsUpdated: number;
  /** Readings already stored (or repeated in the file) that were left as they were, with onDuplicate 'report'. */
  duplicates: number;
  rowsRejected: number;
};

/** Thrown inside the import transaction to roll it back at the first bad row, with onError 'abort'. */
export class ImportAborted extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
    this.name = 'ImportAborted';
  }
}

export const defaultBatchSize = 5000;
export const maxListedProblems = 1000;

type PendingRow = IntervalRow & { line: number };

/**
 * Collects interval rows and writes them in multi-row batches inside one transaction, so a file of any
 * size never sits in memory. It also keeps the counts and the first `maxListedProblems` problems.
 */
export class IntervalImportSession {
  readonly counts: ImportCounts = { readingsInserted: 0, readingsUpdated: 0, duplicates: 0, rowsRejected: 0 };
  readonly problems: ImportProblem[] = [];
  /** Readings written per channel id, for the summary. */
  readonly readingsByChannel = new Map<string, number>();
  private pending = new Map<string, PendingRow>();

  constructor(
    private readonly trx: Trx,
    private readonly companyId: string,
    private readonly options: { onError: OnImportError; onDuplicate: OnDuplicate; batchSize: number },
  ) {}

  /** Records a bad row; throws ImportAborted when the caller chose to abort on the first one. */
  reject(problem: ImportProblem): void {
    if (this.options.onError === 'abort') throw new ImportAborted(problem);
    this.counts.rowsRejected += 1;
    this.list(problem);
  }

  async add(row: PendingRow): Promise<void> {
    const key = `${row.channelId}|${row.startAt}`;
    const earlier = this.pending.get(key);
    if (earlier && this.options.onDuplicate === 'report') {
      this.reportDuplicate(row);
      return;
    }
    // With upsert the later row of the file wins, as it would against a stored reading.
    if (earlier) this.pending.delete(key);
    this.pending.set(key, row);
    if (this.pending.size >= this.options.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    if (this.options.onDuplicate === 'upsert') {
      const { inserted, updated } = await upsertIntervalReadings(this.trx, this.companyId, rows);
      this.counts.readingsInserted += inserted;
      this.counts.readingsUpdated += updated;
      rows.forEach((row) => this.countWritten(row.channelId));
      return;
    }
    const { inserted, duplicatePositions } = await insertNewIntervalReadings(this.trx, this.companyId, rows);
    this.counts.readingsInserted += inserted;
    const duplicates = new Set(duplicatePositions);
    rows.forEach((row, position) => {
      if (duplicates.has(position)) this.reportDuplicate(row);
      else this.countWritten(row.channelId);
    });
  }

  private reportDuplicate(row: PendingRow): void {
    const problem: ImportProblem = {
      code: 'DUPLICATE_READING',
      message: `Line ${row.line}: a reading of this channel starting ${row.startAt} is already stored; it was left unchanged (import with duplicates "upsert" to replace it).`,
      line: row.line,
      column: null,
      field: 'start',
      value: row.startAt,
    };
    if (this.options.onError === 'abort') throw new ImportAborted(problem);
    this.counts.duplicates += 1;
    this.list(problem);
  }

  private countWritten(channelId: string): void {
    this.readingsByChannel.set(channelId, (this.readingsByChannel.get(channelId) ?? 0) + 1);
  }

  private list(problem: ImportProblem): void {
    if (this.problems.length < maxListedProblems) this.problems.push(problem);
  }
}
