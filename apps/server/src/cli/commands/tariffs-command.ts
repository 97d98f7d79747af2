import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { findCompanyByCode } from '../../modules/companies/index.js';
import { importTariffFromUrdb, listTariffs, listTariffVersions } from '../../modules/rates/index.js';
import { loadConfig } from '../../platform/config/load-config.js';
import { systemContext, type RequestContext, type Db } from '../../platform/context/request-context.js';
import { migrate } from '../../platform/db/migrate.js';
import { openDatabase } from '../../platform/db/open-database.js';
import { describeCliError } from './companies-command.js';

/** Opens the configured database, migrates it and runs `work` for the company with this code. */
export async function withCompanyDatabase(
  code: string,
  work: (db: Db, context: RequestContext) => Promise<void>,
): Promise<void> {
  const handle = await openDatabase(loadConfig().database);
  try {
    await migrate(handle);
    const company = await findCompanyByCode(handle.db, code);
    if (!company) {
      throw new Error(
        `Company "${code}" was not found: create it with "cis companies create" or check the code.`,
      );
    }
    await work(handle.db, systemContext(company.id));
  } catch (error) {
    throw describeCliError(error);
  } finally {
    await handle.close();
  }
}

type ImportOptions = {
  company: string;
  file: string;
  code?: string;
  effectiveFrom?: string;
  hpDemand?: string;
};

export function registerTariffsCommand(program: Command): void {
  const tariffs = program.command('tariffs').description("Manage a company's tariffs and tariff versions");

  tariffs
    .command('import')
    .description(
      'Import a URDB rate (API response, bare rate, or either as a JSON string) as a tariff version',
    )
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--file <path>', 'URDB JSON file')
    .option('--code <code>', 'tariff code (default: urdb-<label>); an existing code gets a new version')
    .option('--effective-from <date>', "first day in force, YYYY-MM-DD (default: the rate's startdate)")
    .option('--hp-demand <mode>', 'demand priced per hp: reject, as-kw or convert (default: reject)')
    .action(async (options: ImportOptions) => {
      const document = JSON.parse(await readFile(options.file, 'utf8')) as unknown;
      const hpDemand = parseHpDemand(options.hpDemand);
      await withCompanyDatabase(options.company, async (db, context) => {
        const result = await importTariffFromUrdb(db, context, {
          document,
          code: options.code,
          effectiveFrom: options.effectiveFrom,
          hpDemand,
        });
        const verb = result.tariffCreated ? 'Created tariff' : 'Added a version to tariff';
        process.stdout.write(
          `${verb} ${result.tariff.code} "${result.tariff.name}": version ${result.version.id} in force from ${result.version.effectiveFrom}.\n`,
        );
        if (result.closedVersion) {
          process.stdout.write(
            `Closed version ${result.closedVersion.id} on ${result.closedVersion.effectiveTo}.\n`,
          );
        }
        for (const warning of result.warnings) {
          process.stderr.write(`warning: ${warning.field}: ${warning.message}\n`);
        }
      });
    });

  tariffs
    .command('list')
    .description("List a company's tariffs with their version ranges")
    .requiredOption('--company <code>', 'company code')
    .action(async (options: { company: string }) => {
      await withCompanyDatabase(options.company, async (db, context) => {
        let afterCode: string | undefined;
        do {
          const page = await listTariffs(db, context.companyId, { afterCode, limit: 500 });
          for (const tariff of page.items) {
            const versions = await listTariffVersions(db, context.companyId, tariff.id);
            const ranges = versions.map(
              (version) => `[${version.effectiveFrom}, ${version.effectiveTo ?? 'open'})`,
            );
            process.stdout.write(
              `${tariff.code}\t${tariff.service}\t${tariff.source}\t${tariff.name}\t${ranges.join(' ') || 'no versions'}\n`,
            );
          }
          afterCode = page.nextAfterCode ?? undefined;
        } while (afterCode !== undefined);
      });
    });
}

function parseHpDemand(text: string | undefined): 'reject' | 'as-kw' | 'convert' | undefined {
  if (text === undefined || text === 'reject' || text === 'as-kw' || text === 'convert') return text;
  throw new Error(`--hp-demand "${text}" is invalid; use reject, as-kw or convert.`);
}
