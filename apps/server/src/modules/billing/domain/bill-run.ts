export type BillRunStatus = 'open' | 'running' | 'completed';

export type BillRun = {
  id: string;
  billCycleId: string;
  cutOffOn: string;
  issueBills: boolean;
  status: BillRunStatus;
  accountsTotal: number;
  accountsProcessed: number;
  billsCreated: number;
  exceptionsCount: number;
  /**
   * Accounts processed that got neither a bill nor an exception, because none of their agreements was due
   * up to the cut-off (usually they were billed to that day already, or have no agreement in force).
   */
  accountsNothingDue: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

export type BillRunOptions = {
  /** Accounts per transaction; progress is stored after each chunk, so a killed run resumes there. */
  chunkSize?: number;
  /** Issue date of the bills the run issues; defaults to today in the company's time zone. */
  issueDate?: string;
  /** Daily use by register unit for estimates on service points without read history. */
  defaultDailyUse?: Record<string, string>;
  /**
   * Chunks billed at once. More than one pays off on PostgreSQL, where one worker rates while another
   * writes; PGlite runs one statement at a time, so there it only adds waiting.
   */
  workers?: number;
  onProgress?: (run: BillRun) => void;
  /** Stops the run after the chunks in flight; it resumes when processed again. */
  signal?: AbortSignal;
};

/**
 * Estimation settings for service points with no read history: the company's monthly profile for the
 * register's unit when it has one, else a flat daily use for the unit.
 */
export type EstimationDefaults = {
  dailyUseByUnit: Readonly<Record<string, string>>;
  profilesByUnit: Readonly<Record<string, { name: string; dailyQuantityByMonth: readonly string[] }>>;
};

/** Days of reads before a read period whose average daily use an estimate takes. */
export const ESTIMATION_HISTORY_DAYS = 400;

/**
 * Daily use assumed for an estimate when a service point has no read history yet, by register unit.
 * These are round figures for a household: about 10 kWh of electricity, 1 m³ of gas or water a day.
 */
export const defaultDailyUse: Record<string, string> = {
  kWh: '10',
  therm: '1',
  m3: '1',
  ft3: '35',
  gal: '100',
};
