import type { Selectable } from 'kysely';
import type { RegisterReadKind, RegisterReadTable } from '../../../platform/db/schema.js';

export type RegisterReadSource = RegisterReadTable['source'];
export type RegisterReadStatus = 'valid' | 'suspect' | 'superseded';

export const registerReadKinds: readonly RegisterReadKind[] = [
  'actual',
  'estimated',
  'customer',
  'install',
  'removal',
];
export const registerReadSources: readonly RegisterReadSource[] = [
  'manual',
  'import',
  'ami',
  'estimation',
  'customer-portal',
  'field',
];

/** A register read as stored: `value` is the decimal the dials showed, before the register's multiplier. */
export type RegisterRead = {
  id: string;
  registerId: string;
  readOn: string;
  value: string;
  kind: RegisterReadKind;
  source: RegisterReadSource;
  status: RegisterReadStatus;
  /** Reason the read is suspect; null for valid and superseded reads. */
  statusReason: string | null;
  createdAt: string;
};

export const registerReadColumns = [
  'id',
  'register_id',
  'read_on',
  'value',
  'kind',
  'source',
  'status',
  'status_reason',
  'created_at',
] as const;

export type RegisterReadRow = Pick<Selectable<RegisterReadTable>, (typeof registerReadColumns)[number]>;

export function toRegisterRead(row: RegisterReadRow): RegisterRead {
  return {
    id: row.id,
    registerId: row.register_id,
    readOn: row.read_on,
    value: row.value,
    kind: row.kind,
    source: row.source,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
  };
}
