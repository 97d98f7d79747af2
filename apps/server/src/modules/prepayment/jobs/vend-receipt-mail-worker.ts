import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { JobRunner, type JobRunnerOptions } from '../../../platform/jobs/job-runner.js';
import {
  chooseMailLocale,
  vendReceiptMail,
  type MailMessage,
  type MailSender,
} from '../../channels/index.js';
import { getCompany } from '../../companies/index.js';
import { vendReceiptMailQueue } from '../app/mail-vend-receipt.js';
import { readVendService } from '../domain/prepaid-service.js';
import { selectVend, type StoredVend } from '../db/vend-store.js';
import { selectAgent, selectOutlets } from '../db/vending-agent-queries.js';

/**
 * Sends the receipt mails that sellers queue. Each job reads the vend when it runs, so a vend reversed
 * since it was queued gets no mail. The mail is written in one transaction that only reads, and sent
 * after it ends, so a slow SMTP server keeps no database connection busy. A failed send is retried by
 * the job queue, with backoff.
 */
export class VendReceiptMailWorker {
  readonly #runner: JobRunner;

  constructor(
    database: DatabaseScopes,
    log: FastifyBaseLogger,
    mailer: MailSender,
    options: JobRunnerOptions = {},
  ) {
    this.#runner = new JobRunner(
      database,
      log,
      vendReceiptMailQueue,
      async (db, context, payload) => {
        const vendId = String(payload.vendId);
        const mail = await db.transaction().execute(async (trx) => {
          const vend = await selectVend(trx, context.companyId, { id: vendId });
          if (!vend || vend.status === 'reversed') return undefined;
          return writeReceiptMail(trx, context.companyId, vend, {
            email: String(payload.email),
            language: typeof payload.language === 'string' ? payload.language : undefined,
          });
        });
        if (!mail) {
          log.info(
            { companyId: context.companyId, vendId },
            'receipt mail skipped: vend missing or reversed',
          );
          return 'done';
        }
        await mailer.send(mail);
        log.info({ companyId: context.companyId, vendId }, 'receipt mail sent');
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

/** Writes the receipt of a vend in the requested language, else the company's. */
async function writeReceiptMail(
  db: DbOrTrx,
  companyId: string,
  vend: StoredVend,
  request: { email: string; language: string | undefined },
): Promise<MailMessage> {
  const company = await getCompany(db, companyId);
  return vendReceiptMail({
    recipient: request.email,
    companyName: company.name,
    locale: chooseMailLocale(request.language, company.locale),
    timeZone: company.timeZone,
    seller: await describeSeller(db, companyId, vend),
    pan: vend.pan,
    issuedAt: new Date(vend.issuedAt),
    transactionReference: vend.transactionReference,
    currency: vend.currency,
    currencyMinorUnit: company.currencyMinorUnit,
    tenderedMinor: vend.tenderedMinor,
    service: readVendService(vend.tokens),
    units: vend.units,
    freeUnits: vend.freeUnits,
    unit: vend.unit,
    tokens: vend.tokens.map((token) => ({ purpose: token.purpose, units: token.units, token: token.token })),
  });
}

/** Names the agent and outlet that sold a vend, as the printed receipt does, or null for the utility. */
async function describeSeller(db: DbOrTrx, companyId: string, vend: StoredVend): Promise<string | null> {
  if (vend.agentId === null) return null;
  const agent = await selectAgent(db, companyId, vend.agentId);
  if (!agent) return null;
  const outlets = await selectOutlets(db, companyId, agent.id);
  const outlet = outlets.find((candidate) => candidate.id === vend.outletId);
  return outlet ? `${agent.name} · ${outlet.name}` : agent.name;
}
