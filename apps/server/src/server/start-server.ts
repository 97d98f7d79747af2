import type { Logger } from 'pino';
import { hasAnyCompany } from '../modules/companies/index.js';
import { seedDemoUtility, type SeedDemoUtilityResult } from '../modules/demo/index.js';
import type { AppConfig } from '../platform/config/load-config.js';
import {
  findLeakyIndexFunctions,
  LEAKY_INDEX_FUNCTIONS_MESSAGE,
} from '../platform/db/find-leaky-index-functions.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../platform/db/open-database.js';
import type { HttpApp } from '../platform/http/http-app.js';
import { buildHttpApp, readRateLimit, readSignInLimit } from './build-http-app.js';
import { chooseTokenIssuer } from './choose-token-issuer.js';
import { readTransportSecurity, type TransportSecurity } from './transport-security.js';
import { recommendedBillRunWorkers } from '../modules/billing/index.js';
import { WebhookDispatcher } from '../modules/webhooks/index.js';
import { createMailSender, describeMailConfig, readMailConfig } from '../modules/channels/index.js';
import { PasswordResetMailWorker } from '../modules/identity/index.js';
import { VendReceiptMailWorker } from '../modules/prepayment/index.js';
import { repositoryRoot } from '../platform/config/repository-root.js';
import path from 'node:path';

export type StartServerOptions = {
  /** Customers of the demo utility seeded into an empty database (the seed's default when omitted). */
  demoCustomers?: number;
  /** Whether clients reach the server over HTTPS; read from CIS_PUBLIC_URL and TRUST_PROXY when omitted. */
  transport?: TransportSecurity;
  /** Folder of the built web app to serve (default apps/web/dist). */
  webRoot?: string;
  /** Sign-in attempts per client address per minute; read from CIS_SIGN_IN_LIMIT when omitted. */
  signInsPerMinute?: number;
  /** Requests per API key, user or client address; read from CIS_RATE_LIMIT when omitted. */
  rateLimit?: { max: number; windowMs: number };
};

export type RunningServer = {
  url: string;
  /** What the demo seed created when this start found an empty database, including its API key token. */
  demo: SeedDemoUtilityResult | undefined;
  app: HttpApp;
  handle: DatabaseHandle;
  /** Stops accepting requests, waits for the ones in flight, then closes the database. */
  close(): Promise<void>;
};

/**
 * Opens and migrates the database, seeds the demo utility when the database has no company yet, builds
 * the HTTP app and listens on the configured host and port. If anything fails before the server listens, the database is closed again, so a PGlite data folder is
 * never left open by a failed start.
 */
export async function startServer(
  config: AppConfig,
  logger: Logger,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const transport = options.transport ?? readTransportSecurity(process.env);
  const signInsPerMinute = options.signInsPerMinute ?? readSignInLimit(process.env);
  const rateLimit = options.rateLimit ?? readRateLimit(process.env);
  const dataDirectory =
    config.database.kind === 'pglite' && config.database.dataDir
      ? config.database.dataDir
      : path.resolve(process.env.CIS_DATA_DIR ?? path.join(repositoryRoot, 'data'));
  const mailConfig = readMailConfig(process.env, dataDirectory);
  const handle = await openDatabase(config.database);
  try {
    const migration = await migrate(handle);
    logger.info(
      { applied: migration.applied, alreadyApplied: migration.alreadyApplied },
      'database migrated',
    );
    const leaky = await findLeakyIndexFunctions(handle.db);
    if (leaky !== undefined) logger.warn(leaky, LEAKY_INDEX_FUNCTIONS_MESSAGE);
    const demo = (await hasAnyCompany(handle.platform)) ? undefined : await seedDemo(handle, logger, options);
    const tokenIssuer = await chooseTokenIssuer(process.env, handle, logger);
    const app = await buildHttpApp({
      database: handle,
      logger,
      transport,
      ...(tokenIssuer === undefined ? {} : { tokenIssuer }),
      billRunWorkers: recommendedBillRunWorkers(handle.kind),
      signInsPerMinute,
      rateLimit,
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info({ url, database: handle.kind }, 'server listening');
    const dispatcher = new WebhookDispatcher(handle, logger.child({ worker: 'webhooks' }), {
      allowPrivateTargets: process.env.CIS_WEBHOOKS_ALLOW_PRIVATE === 'true',
    });
    dispatcher.start();
    const mailer = createMailSender(mailConfig);
    logger.info({ mail: describeMailConfig(mailConfig) }, 'mail channel ready');
    const passwordResetMails = new PasswordResetMailWorker(
      handle,
      logger.child({ worker: 'password-reset-mail' }),
      mailer,
      transport.publicUrl ?? url,
    );
    passwordResetMails.start();
    const receiptMails = new VendReceiptMailWorker(
      handle,
      logger.child({ worker: 'vend-receipt-mail' }),
      mailer,
    );
    receiptMails.start();
    return {
      url,
      app,
      handle,
      demo,
      close: async () => {
        await dispatcher.close();
        await passwordResetMails.close();
        await receiptMails.close();
        mailer.close();
        await closeServer(app, handle, logger);
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function seedDemo(
  handle: DatabaseHandle,
  logger: Logger,
  options: StartServerOptions,
): Promise<SeedDemoUtilityResult> {
  logger.info({ database: handle.kind }, 'database has no company: seeding the demo utility');
  const result = await seedDemoUtility(handle, {
    log: (message) => logger.info({ step: message }, 'demo seed progress'),
    ...(options.demoCustomers === undefined ? {} : { customers: options.demoCustomers }),
  });
  logger.info(
    { companyCode: result.companyCode, customers: result.customers, billRun: result.billRun },
    'demo utility seeded',
  );
  return result;
}

async function closeServer(app: HttpApp, handle: DatabaseHandle, logger: Logger): Promise<void> {
  try {
    await app.close();
  } finally {
    await handle.close();
    logger.info({ database: handle.kind }, 'server stopped');
  }
}
