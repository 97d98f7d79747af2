import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { PrincipalKind } from '../domain/user.js';

export async function insertSession(
  trx: Trx,
  values: {
    companyId: string;
    id: string;
    userId: string;
    kind: PrincipalKind;
    secretHash: string;
    csrfHash: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('identity.session')
    .values({
      company_id: values.companyId,
      id: values.id,
      user_id: values.userId,
      kind: values.kind,
      secret_hash: values.secretHash,
      csrf_hash: values.csrfHash,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent,
    })
    .execute();
}

/** Finds a session with its user's state, for authenticating a request. */
export async function findSessionCredentials(db: DbOrTrx, companyId: string, sessionId: string) {
  return db
    .selectFrom('identity.session as session')
    .innerJoin('identity.user_account as user', (join) =>
      join.onRef('user.company_id', '=', 'session.company_id').onRef('user.id', '=', 'session.user_id'),
    )
    .select([
      'session.user_id',
      'session.kind',
      'session.secret_hash',
      'session.csrf_hash',
      'session.last_seen_at',
      'session.expires_at',
      'session.revoked_at',
      'user.status',
      'user.customer_id',
    ])
    .where('session.company_id', '=', companyId)
    .where('session.id', '=', sessionId)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, companyId: string, sessionId: string): Promise<void> {
  await db
    .updateTable('identity.session')
    .set({ last_seen_at: new Date() })
    .where('company_id', '=', companyId)
    .where('id', '=', sessionId)
    .execute();
}

/** Revokes one session, or every open session of a user when `sessionId` is undefined; returns how many. */
export async function revokeSessions(
  trx: Trx,
  companyId: string,
  userId: string,
  sessionId?: string,
): Promise<number> {
  let query = trx
    .updateTable('identity.session')
    .set({ revoked_at: new Date() })
    .where('company_id', '=', companyId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (sessionId) query = query.where('id', '=', sessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
