import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { newId } from '../../../platform/ids/new-id.js';
import { enqueueJob } from '../../../platform/jobs/enqueue-job.js';
import { findCompanyByCode } from '../../companies/index.js';
import type { PrincipalKind } from '../domain/user.js';

export const passwordResetMailQueue = 'password-reset-mail';

/** "Forgot password" mails one user may receive per hour. */
export const maxPasswordResetsPerHour = 3;

export type PasswordResetRequest = {
  companyCode: string;
  kind: PrincipalKind;
  email: string;
  /** Language of the page that sent the request, such as es; the mail uses it when it is shipped. */
  language?: string | undefined;
};

/**
 * Handles a "forgot password" request: for an active user of the company with that email, queues a mail
 * with a reset link, unless the user already got three such mails this hour or one is still queued.
 * The response is the same either way, so that it does not reveal which accounts exist.
 * Returns whether a mail was queued, for tests and logs.
 */
export async function requestPasswordReset(
  database: Pick<DatabaseScopes, 'platform' | 'forCompany'>,
  request: PasswordResetRequest,
  meta: { requestId: string | undefined; ip: string | null },
): Promise<boolean> {
  const company = await findCompanyByCode(database.platform, request.companyCode);
  if (!company) return false;
  const email = request.email.trim().toLowerCase();
  return database
    .forCompany(company.id)
    .transaction()
    .execute(async (trx) => {
      const user = await trx
        .selectFrom('identity.user_account')
        .select('id')
        .where('company_id', '=', company.id)
        .where('kind', '=', request.kind)
        .where('email', '=', email)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!user) return false;
      const recent = await sql<{ count: string }>`
        select count(*) as count from platform.job
        where company_id = ${company.id} and queue = ${passwordResetMailQueue} and dedupe_key = ${user.id}
          and created_at > now() - interval '1 hour'
      `.execute(trx);
      if (Number(recent.rows[0]?.count ?? 0) >= maxPasswordResetsPerHour) return false;
      const queued = await enqueueJob(trx, company.id, {
        queue: passwordResetMailQueue,
        payload: {
          userId: user.id,
          requestId: meta.requestId ?? null,
          ip: meta.ip,
          language: request.language ?? null,
        },
        dedupeKey: user.id,
      });
      if (queued) {
        const context = {
          companyId: company.id,
          actor: { kind: 'system' as const, id: 'forgot-password' },
          requestId: meta.requestId,
          ...(meta.ip ? { ip: meta.ip } : {}),
        };
        await recordAudit(trx, context, [
          {
            entityType: 'password-reset-request',
            entityId: newId(),
            action: 'create',
            changes: { user_id: [null, user.id] },
          },
        ]);
      }
      return queued;
    });
}
