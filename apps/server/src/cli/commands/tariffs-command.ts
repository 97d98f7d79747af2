import type { Command } from 'commander';
import { parseJsonText, TariffError } from '@open-cis/rating';
import { importTariffFromUrdb, listTariffs, listTariffVersions } from '../../modules/rates/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import { hpDemandMessage } from '../rate/hp-demand-message.js';
import { readOptionFile } from '../rate/read-option-file.js';
import { withCompanyDatabase } from '../open-company-database.js';

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
      const document = await readUrdbFile(options.file);
      const hpDemand = parseHpDemand(options.hpDemand);
      await withCompanyDatabase(options.company, async ({ db, context }) => {
        const result = await importTariffFromUrdb(db, context, {
          document,
          code: options.code,
          effectiveFrom: options.effectiveFrom,
          hpDemand,
        }).catch((error: unknown) => {
          throw describeHpDemandError(error);
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
      await withCompanyDatabase(options.company, async ({ db, context }) => {
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

async function readUrdbFile(path: string): Promise<unknown> {
  const text = await readOptionFile('--file', path);
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof TariffError) throw new Error(`--file ${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Names the --hp-demand flag where the import rejects demand priced per hp, as the API names hpDemand. */
function describeHpDemandError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const field = error.fields.find((issue) => issue.path.startsWith('document.'));
  if (!error.fields.some((issue) => issue.path === 'hpDemand') || !field) return error;
  const path = field.path.slice('document.'.length);
  return new Error(`The URDB rate cannot be billed as published: ${hpDemandMessage(path)}`, { cause: error });
}

function parseHpDemand(text: string | undefined): 'reject' | 'as-kw' | 'convert' | undefined {
  if (text === undefined || text === 'reject' || text === 'as-kw' || text === 'convert') return text;
  throw new Error(`--hp-demand "${text}" is invalid; use reject, as-kw or convert.`);
}
