import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { revokeSessions } from '../db/session-store.js';

/** Ends one session of the signed-in user. */
export async function signOut(
  db: Db,
  context: RequestContext,
  userId: string,
  sessionId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await revokeSessions(trx, context.companyId, userId, sessionId);
    if (ended === 0) return;
    await recordAudit(trx, context, [
      { entityType: 'session', entityId: sessionId, action: 'update', changes: { revoked: [false, true] } },
    ]);
  });
}
