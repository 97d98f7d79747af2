import type { FastifyBaseLogger } from 'fastify';
import type { RequestContext } from '../../../platform/context/request-context.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { JobRunner, type JobRunnerOptions } from '../../../platform/jobs/job-runner.js';
import {
  chooseMailLocale,
  mailLanguageFor,
  passwordResetMail,
  type MailSender,
} from '../../channels/index.js';
import { getCompany } from '../../companies/index.js';
import { issuePasswordResetToken } from '../app/issue-password-reset.js';
import { passwordResetMailQueue } from '../app/request-password-reset.js';

/**
 * Sends the mails of "forgot password" requests from the job queue. The reset token is created when the
 * mail goes out, so its secret is never stored in the job table. The token commits before the send, and no
 * transaction stays open during it, so a slow SMTP server keeps no database connection busy. A failed send is
 * retried with a new token: the earlier one stays valid, since the mail may have arrived all the same.
 */
export class PasswordResetMailWorker {
  readonly #runner: JobRunner;

  constructor(
    database: DatabaseScopes,
    log: FastifyBaseLogger,
    mailer: MailSender,
    /** Base URL of the server as users reach it, such as https://cis.example.com; the link starts with it. */
    publicUrl: string,
    options: JobRunnerOptions = {},
  ) {
    const baseUrl = publicUrl.replace(/\/+$/, '');
    this.#runner = new JobRunner(
      database,
      log,
      passwordResetMailQueue,
      async (db, jobContext, payload) => {
        const userId = String(payload.userId);
        const context: RequestContext = {
          companyId: jobContext.companyId,
          actor: { kind: 'system', id: 'forgot-password' },
          requestId: typeof payload.requestId === 'string' ? payload.requestId : undefined,
          ...(typeof payload.ip === 'string' ? { ip: payload.ip } : {}),
        };
        const prepared = await db.transaction().execute(async (trx) => {
          const user = await trx
            .selectFrom('identity.user_account')
            .select(['id', 'email', 'display_name', 'status', 'customer_id'])
            .where('company_id', '=', context.companyId)
            .where('id', '=', userId)
            .executeTakeFirst();
          if (!user || user.status !== 'active') return undefined;
          const company = await getCompany(trx, context.companyId);
          const customer = user.customer_id
            ? await trx
                .selectFrom('customers.customer')
                .select('preferred_locale')
                .where('company_id', '=', context.companyId)
                .where('id', '=', user.customer_id)
                .executeTakeFirst()
            : undefined;
          const locale = chooseMailLocale(
            typeof payload.language === 'string' ? payload.language : undefined,
            customer?.preferred_locale ?? company.locale,
          );
          const { token, expiresAt } = await issuePasswordResetToken(trx, context, user.id);
          const resetUrl = `${baseUrl}/reset-password?lang=${mailLanguageFor(locale)}#token=${encodeURIComponent(token)}`;
          return passwordResetMail({
            recipient: { name: user.display_name, address: user.email },
            companyName: company.name,
            resetUrl,
            expiresAt,
            locale,
            timeZone: company.timeZone,
          });
        });
        if (!prepared) {
          log.info({ companyId: context.companyId, userId }, 'password reset mail skipped: user not active');
          return 'done';
        }
        await mailer.send(prepared);
        log.info({ companyId: context.companyId, userId }, 'password reset mail sent');
        return 'done';
      },
      options,
    );
  }

  start(): void {
    this.#runner.start();
  }

  close(): Promise<void> {
    return this.#runner.close();
  }
}
