import type { Command } from 'commander';
import { Temporal } from 'temporal-polyfill';
import { seedDemoUtility } from '../../modules/demo/index.js';
import { loadConfig } from '../../platform/config/load-config.js';
import { migrate } from '../../platform/db/migrate.js';
import { openDatabase } from '../../platform/db/open-database.js';
import { describeCliError } from './companies-command.js';

type SeedOptions = { customers: string; today?: string };

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('Create the demo electricity utility in the configured database (fails if it exists)')
    .option('--customers <count>', 'number of demo customers, 1 to 10000', '300')
    .option('--today <date>', 'date (YYYY-MM-DD) the demo treats as today; the month before it is billed')
    .action(async (options: SeedOptions) => {
      const customers = Number(options.customers);
      if (!Number.isInteger(customers) || customers < 1 || customers > 10_000) {
        throw new Error(`Invalid --customers "${options.customers}": give a whole number from 1 to 10000.`);
      }
      let now: Temporal.PlainDate | undefined;
      try {
        now = options.today ? Temporal.PlainDate.from(options.today, { overflow: 'reject' }) : undefined;
      } catch {
        throw new Error(`Invalid --today "${options.today}": give a date written YYYY-MM-DD.`);
      }
      const handle = await openDatabase(loadConfig().database);
      try {
        await migrate(handle);
        const result = await seedDemoUtility(handle, {
          customers,
          ...(now ? { now } : {}),
          log: (message) => process.stdout.write(`${message}\n`),
        });
        process.stdout.write(
          `Seeded company ${result.companyCode}. API key (shown once): ${result.apiKey}\n`,
        );
      } catch (error) {
        throw describeCliError(error);
      } finally {
        await handle.close();
      }
    });
}
