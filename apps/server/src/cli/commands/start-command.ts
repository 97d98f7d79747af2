import type { Command } from 'commander';
import { loadConfig } from '../../platform/config/load-config.js';
import { createLogger } from '../../platform/logging/create-logger.js';
import { startServer } from '../../server/start-server.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Start the HTTP server on HOST:PORT (default 127.0.0.1:3000) with PGlite in ./data, or the PostgreSQL server named by DATABASE_URL',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer(config, logger);

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
