import type { Trx } from '../../../platform/context/request-context.js';

export type FieldRead = { registerId: string; readOn: string; value: string; kind: 'install' | 'removal' };

/**
 * Writes the reads taken when a meter is installed or removed, so that consumption starts and stops at
 * the right digits.
 * NOTE: these rows go straight into readings.register_read, because readings/index.ts offers only
 * recordRegisterRead, which opens its own transaction and so cannot commit with the installation. Switch
 * to a function of readings/index.ts that takes the caller's transaction once it has one.
 */
export async function insertFieldReads(trx: Trx, companyId: string, reads: FieldRead[]): Promise<void> {
  if (reads.length === 0) return;
  await trx
    .insertInto('readings.register_read')
    .values(
      reads.map((read) => ({
        company_id: companyId,
        register_id: read.registerId,
        read_on: read.readOn,
        value: read.value,
        kind: read.kind,
        source: 'field' as const,
      })),
    )
    .execute();
}
