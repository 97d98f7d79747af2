import type { Command } from 'commander';
import { createCompany } from '../../modules/companies/index.js';
import { loadConfig } from '../../platform/config/load-config.js';
import { migrate } from '../../platform/db/migrate.js';
import { openDatabase } from '../../platform/db/open-database.js';
import { AppError } from '../../platform/errors/app-error.js';

type CreateOptions = {
  code: string;
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
  roundingMode: string;
};

export function registerCompaniesCommand(program: Command): void {
  const companies = program.command('companies').description('Manage companies (tenants)');
  companies
    .command('create')
    .description('Create a company and print it as JSON')
    .requiredOption('--code <code>', 'short unique code: 2 to 40 lowercase letters, digits or hyphens')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--currency <code>', 'ISO 4217 currency code, such as EUR; sets the minor unit')
    .requiredOption('--time-zone <zone>', 'IANA time zone, such as Europe/Madrid')
    .option('--locale <tag>', 'BCP 47 language tag', 'en')
    .option(
      '--rounding-mode <mode>',
      'rounding of amounts to the minor unit: half-up or half-even',
      'half-up',
    )
    .action(async (options: CreateOptions) => {
      const handle = await openDatabase(loadConfig().database);
      try {
        await migrate(handle);
        const company = await createCompany(handle, { kind: 'system', id: 'cli' }, options);
        process.stdout.write(`${JSON.stringify(company, null, 2)}\n`);
      } catch (error) {
        throw describeCliError(error);
      } finally {
        await handle.close();
      }
    });
}

/** Turns an AppError into one message that lists each invalid field, for the command line. */
export function describeCliError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const fields = error.fields.map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
  return new Error(`${error.message}${fields}`, { cause: error });
}
