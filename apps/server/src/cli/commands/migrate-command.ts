import type { Command } from 'commander';
import { loadConfig } from '../../platform/config/load-config.js';
import {
  findLeakyIndexFunctions,
  formatLeakyIndexFunctionsWarning,
} from '../../platform/db/find-leaky-index-functions.js';
import { migrate } from '../../platform/db/migrate.js';
import { openDatabase } from '../../platform/db/open-database.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending SQL migrations (PGlite in ./data, or the server named by DATABASE_URL)')
    .action(async () => {
      const handle = await openDatabase(loadConfig().database);
      try {
        const result = await migrate(handle);
        const applied = result.applied.length ? result.applied.join(', ') : 'none';
        process.stdout.write(`Applied: ${applied}. Already applied: ${result.alreadyApplied}.\n`);
        const leaky = await findLeakyIndexFunctions(handle.db);
        if (leaky !== undefined) process.stderr.write(`${formatLeakyIndexFunctionsWarning(leaky)}\n`);
      } finally {
        await handle.close();
      }
    });
}
