import { Command } from 'commander';
import { registerMigrateCommand } from './commands/migrate-command.js';

const program = new Command('cis').description(
  'Open CIS: meter-to-cash for electricity, gas and water utilities',
);
program.showHelpAfterError();

registerMigrateCommand(program);
(await import('./commands/rate-command.js')).registerRateCommand(program);
(await import('./commands/start-command.js')).registerStartCommand(program);
(await import('./commands/companies-command.js')).registerCompaniesCommand(program);
(await import('./commands/api-keys-command.js')).registerApiKeysCommand(program);
(await import('./commands/audit-command.js')).registerAuditCommand(program);
(await import('./commands/billing-command.js')).registerBillingCommands(program);
(await import('./commands/payments-command.js')).registerPaymentsCommand(program);
(await import('./commands/tariffs-command.js')).registerTariffsCommand(program);
(await import('./commands/readings-command.js')).registerReadingsCommand(program);
(await import('./commands/customers-command.js')).registerCustomersCommand(program);
(await import('./commands/seed-command.js')).registerSeedCommand(program);
(await import('./commands/sts-command.js')).registerStsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`cis: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
