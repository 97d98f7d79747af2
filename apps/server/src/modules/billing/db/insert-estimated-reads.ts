import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import type { EstimatedReadDraft } from '../domain/agreement-usage.js';

/**
 * Stores the reads a bill run estimated, marked as estimated with the method and inputs used, so that
 * the next actual read is measured from them and trues the use up.
 *
 * NOTE: writes the readings module's table directly, in the bill run's transaction and in one statement.
 */
export async function insertEstimatedReads(
  trx: Trx,
  companyId: string,
  reads: readonly EstimatedReadDraft[],
): Promise<void> {
  if (reads.length === 0) return;
  await sql`
    insert into readings.register_read (company_id, id, register_id, read_on, value, kind, source, estimation)
    select ${companyId}::uuid, id, register_id, read_on, value, 'estimated', 'estimation', estimation
    from unnest(${reads.map((r) => r.id)}::uuid[], ${reads.map((r) => r.registerId)}::uuid[],
      ${reads.map((r) => r.readOn)}::date[], ${reads.map((r) => r.value)}::numeric[],
      ${reads.map((r) => JSON.stringify(r.estimation))}::jsonb[]) as v(id, register_id, read_on, value, estimation)
  `.execute(trx);
}
