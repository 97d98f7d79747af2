import type { Command } from 'commander';
import { loadConfig } from '../../platform/config/load-config.js';
import { createLogger } from '../../platform/logging/create-logger.js';
import { startServer } from '../../server/start-server.js';

/** CIS_DEMO_CUSTOMERS sets how many customers the first start seeds (the seed's default when unset). */
function readDemoCustomers(): number | undefined {
  const text = process.env.CIS_DEMO_CUSTOMERS;
  if (text === undefined || text === '') return undefined;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new Error(`Invalid CIS_DEMO_CUSTOMERS "${text}": set it to a whole number from 1 to 100000.`);
  }
  return count;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Start the HTTP server on HOST:PORT (default 127.0.0.1:3000) with PGlite in ./data, or the PostgreSQL server named by DATABASE_URL',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer(config, logger, { demoCustomers: readDemoCustomers() });
      if (server.demo) {
        // Logged once, on the start that created it, so that a first-time user can open the page at
        // once. The key is a demo credential, so revoke it with `cis api-keys revoke` on a real installation.
        logger.info(
          {
            url: server.url,
            companyCode: server.demo.companyCode,
            demoApiKey: server.demo.apiKey,
            demoUsers: server.demo.users,
          },
          'demo created: sign in at the server URL with the company code and a demo user',
        );
      }

      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping server');
        // PGlite writes its data folder on close, so the process waits for it rather than exiting at once.
        server.close().then(
          () => {
            process.exitCode = 0;
          },
          (error: unknown) => {
            logger.error({ err: error }, 'server failed to stop cleanly');
            process.exitCode = 1;
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
