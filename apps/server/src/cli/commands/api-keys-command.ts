import type { Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../../modules/identity/index.js';
import { systemContext, type Db } from '../../platform/context/request-context.js';
import { withCompanyDatabase } from '../open-company-database.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function withCompany(code: string, work: (db: Db, companyId: string) => Promise<void>): Promise<void> {
  return withCompanyDatabase(code, ({ db, company }) => work(db, company.id));
}

export function registerApiKeysCommand(program: Command): void {
  const apiKeys = program.command('api-keys').description("Manage a company's API keys");

  apiKeys
    .command('create')
    .description('Create an API key and print its token; the token is shown only this once')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--name <name>', 'what the key is for, such as "meter data import"')
    .option(
      '--permission <permission>',
      'permission to grant, repeatable, such as customers:read (default: *)',
      collect,
      [],
    )
    .action(async (options: { company: string; name: string; permission: string[] }) => {
      const permissions = options.permission.length > 0 ? options.permission : ['*'];
      await withCompany(options.company, async (db, companyId) => {
        const created = await createApiKey(db, systemContext(companyId), { name: options.name, permissions });
        process.stderr.write(
          `Created API key ${created.apiKey.id} (${permissions.join(', ')}). Store the token now: it is not shown again.\n`,
        );
        process.stdout.write(`${created.token}\n`);
      });
    });

  apiKeys
    .command('list')
    .description("List a company's API keys as JSON, without secrets")
    .requiredOption('--company <code>', 'company code')
    .action(async (options: { company: string }) => {
      await withCompany(options.company, async (db, companyId) => {
        const { items } = await listApiKeys(db, companyId);
        process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      });
    });

  apiKeys
    .command('revoke')
    .description('Revoke an API key by its id')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--id <uuid>', 'API key id, as printed by "cis api-keys list"')
    .action(async (options: { company: string; id: string }) => {
      await withCompany(options.company, async (db, companyId) => {
        const revoked = await revokeApiKey(db, systemContext(companyId), options.id);
        process.stdout.write(`Revoked API key ${revoked.id} at ${revoked.revokedAt}.\n`);
      });
    });
}
