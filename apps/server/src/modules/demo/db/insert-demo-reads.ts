import type { Trx } from '../../../platform/context/request-context.js';

export type DemoRead = { registerId: string; readOn: string; value: string };

// PostgreSQL accepts at most 65,535 bind parameters per statement; 5,000 rows of 6 columns fit.
const ROWS_PER_INSERT = 5_000;

/**
 * Writes the demo's monthly actual reads with multi-row inserts.
 * NOTE: these rows go straight into readings.register_read, because readings/index.ts offers only
 * recordRegisterRead, which takes one transaction per read (about 30 s for the 3,600 demo reads on
 * PGlite). The rows skip its backwards check. That is safe only because the demo plan generates rising
 * values, with one rollover that the dials explain. Switch to a batch function of readings/index.ts once
 * it has one.
 */
export async function insertDemoReads(trx: Trx, companyId: string, reads: DemoRead[]): Promise<void> {
  for (let start = 0; start < reads.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('readings.register_read')
      .values(
        reads.slice(start, start + ROWS_PER_INSERT).map((read) => ({
          company_id: companyId,
          register_id: read.registerId,
          read_on: read.readOn,
          value: read.value,
          kind: 'actual' as const,
          source: 'import' as const,
        })),
      )
      .execute();
  }
}
