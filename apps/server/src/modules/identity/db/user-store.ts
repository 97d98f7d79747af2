import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { escapeLike } from '../../../platform/db/escape-like.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { UserFilters, UserSortField } from '../domain/user-list-schemas.js';
import type { PrincipalKind, User } from '../domain/user.js';
import { selectUserRoles } from './role-store.js';

const userColumns = [
  'id',
  'kind',
  'email',
  'display_name',
  'customer_id',
  'status',
  'totp_enabled',
  'locked_until',
  'last_login_at',
  'created_at',
] as const;

type UserRow = {
  id: string;
  kind: PrincipalKind;
  email: string;
  display_name: string;
  customer_id: string | null;
  status: 'active' | 'disabled';
  totp_enabled: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
};

function toUser(row: UserRow, roles: string[]): User {
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    customerId: row.customer_id,
    status: row.status,
    roles,
    totpEnabled: row.totp_enabled,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

async function withRoles(db: DbOrTrx, companyId: string, rows: UserRow[]): Promise<User[]> {
  const roles = await selectUserRoles(
    db,
    companyId,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    toUser(
      row,
      roles.filter((role) => role.user_id === row.id).map((role) => role.code),
    ),
  );
}

export async function insertUser(
  trx: Trx,
  values: {
    companyId: string;
    id: string;
    kind: PrincipalKind;
    email: string;
    displayName: string;
    customerId: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('identity.user_account')
    .values({
      company_id: values.companyId,
      id: values.id,
      kind: values.kind,
      email: values.email,
      display_name: values.displayName,
      customer_id: values.customerId,
    })
    .execute();
}

export async function findUser(db: DbOrTrx, companyId: string, userId: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('identity.user_account')
    .select(userColumns)
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return row ? (await withRoles(db, companyId, [row]))[0] : undefined;
}

export async function selectUsers(
  db: DbOrTrx,
  companyId: string,
  kind: PrincipalKind | undefined,
): Promise<User[]> {
  let query = db
    .selectFrom('identity.user_account')
    .select(userColumns)
    .where('company_id', '=', companyId)
    .orderBy('email');
  if (kind) query = query.where('kind', '=', kind);
  return withRoles(db, companyId, await query.execute());
}

const userSorting: ListSorting<UserSortField> = {
  columns: {
    email: 'email',
    displayName: 'display_name',
    kind: ['kind', 'email'],
    status: ['status', 'email'],
    createdAt: 'created_at',
    lastLoginAt: 'last_login_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingUsers(db: DbOrTrx, companyId: string, filters: UserFilters) {
  let query = db.selectFrom('identity.user_account').where('company_id', '=', companyId);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.search) {
    const fragment = `%${escapeLike(filters.search)}%`;
    query = query.where((eb) =>
      eb.or([eb('email', 'ilike', fragment), eb('display_name', 'ilike', fragment)]),
    );
  }
  return query;
}

export async function selectUserPage(
  db: DbOrTrx,
  companyId: string,
  filters: UserFilters & { limit: number; offset: number },
): Promise<{ items: User[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingUsers(db, companyId, filters),
    (query) => query.select(userColumns),
    filters.sort,
    userSorting,
    filters,
  );
  return { items: await withRoles(db, companyId, rows), total };
}

/** Returns the ids of the matching users in list order, at most `limit`. */
export function selectUserIds(
  db: DbOrTrx,
  companyId: string,
  filters: UserFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingUsers(db, companyId, filters), filters.sort, userSorting, limit);
}

export async function selectUsersByIds(db: DbOrTrx, companyId: string, userIds: string[]): Promise<User[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('identity.user_account')
    .select(userColumns)
    .where('company_id', '=', companyId)
    .where('id', 'in', userIds)
    .execute();
  return withRoles(db, companyId, rows);
}

/** Locks the row a sign-in checks, so that concurrent attempts count their failures one after another. */
export async function lockUserForSignIn(trx: Trx, companyId: string, kind: PrincipalKind, email: string) {
  return trx
    .selectFrom('identity.user_account')
    .select([
      'id',
      'customer_id',
      'status',
      'password_hash',
      'totp_secret',
      'totp_enabled',
      'totp_last_step',
      'failed_logins',
      'locked_until',
    ])
    .where('company_id', '=', companyId)
    .where('kind', '=', kind)
    .where('email', '=', email)
    .forUpdate()
    .executeTakeFirst();
}

export async function lockUser(trx: Trx, companyId: string, userId: string) {
  return trx
    .selectFrom('identity.user_account')
    .select([
      'id',
      'kind',
      'email',
      'status',
      'totp_secret',
      'totp_enabled',
      'totp_last_step',
      'failed_logins',
      'locked_until',
    ])
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateUser(
  trx: Trx,
  companyId: string,
  userId: string,
  values: {
    password_hash?: string | null;
    totp_secret?: string | null;
    totp_enabled?: boolean;
    totp_last_step?: string;
    status?: 'active' | 'disabled';
    failed_logins?: number;
    locked_until?: Date | null;
    last_login_at?: Date;
  },
): Promise<void> {
  await trx
    .updateTable('identity.user_account')
    .set(values)
    .where('company_id', '=', companyId)
    .where('id', '=', userId)
    .execute();
}
