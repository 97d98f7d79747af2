import type { Trx } from '../../../platform/context/request-context.js';
import type { RegisterReadKind } from '../../../platform/db/schema.js';
import {
  registerReadColumns,
  toRegisterRead,
  type RegisterRead,
  type RegisterReadSource,
  type RegisterReadStatus,
} from './register-read-row.js';

export type NewRegisterRead = {
  registerId: string;
  readOn: string;
  value: string;
  kind: RegisterReadKind;
  source: RegisterReadSource;
  status: Exclude<RegisterReadStatus, 'superseded'>;
  statusReason: string | null;
};

export async function insertRegisterRead(
  trx: Trx,
  companyId: string,
  read: NewRegisterRead,
): Promise<RegisterRead> {
  const row = await trx
    .insertInto('readings.register_read')
    .values({
      company_id: companyId,
      register_id: read.registerId,
      read_on: read.readOn,
      value: read.value,
      kind: read.kind,
      source: read.source,
      status: read.status,
      status_reason: read.statusReason,
    })
    .returning(registerReadColumns)
    .executeTakeFirstOrThrow();
  return toRegisterRead(row);
}

/**
 * Finds a read of the register with the same day, kind and value that is not superseded, so that entering
 * or importing the same read again returns the stored one instead of adding a copy.
 */
export async function findSameRegisterRead(
  trx: Trx,
  companyId: string,
  read: Pick<NewRegisterRead, 'registerId' | 'readOn' | 'kind' | 'value'>,
): Promise<RegisterRead | undefined> {
  const row = await trx
    .selectFrom('readings.register_read')
    .select(registerReadColumns)
    .where('company_id', '=', companyId)
    .where('register_id', '=', read.registerId)
    .where('read_on', '=', read.readOn)
    .where('kind', '=', read.kind)
    .where('value', '=', read.value)
    .where('status', '<>', 'superseded')
    .executeTakeFirst();
  return row ? toRegisterRead(row) : undefined;
}
