import type { Command } from 'commander';
import { listAccounts, type Account } from '../../modules/customers/index.js';
import { withCompanyDatabase } from '../open-company-database.js';

type ListOptions = { company: string; search?: string; limit: string; offset: string };

export function registerCustomersCommand(program: Command): void {
  const customers = program.command('customers').description('Look up customers and their accounts');
  customers
    .command('list')
    .description('Print a table of accounts with their customers, by account number')
    .requiredOption('--company <code>', 'code of the company (tenant)')
    .option('--search <text>', 'account number prefix or part of the customer name')
    .option('--limit <count>', 'rows to print, 1 to 500', '50')
    .option('--offset <count>', 'rows to skip first', '0')
    .action((options: ListOptions) =>
      withCompanyDatabase(options.company, async ({ db, context }) => {
        const page = await listAccounts(db, context, {
          search: options.search,
          limit: Number(options.limit),
          offset: Number(options.offset),
        });
        process.stdout.write(formatAccountTable(page.items));
        const last = page.offset + page.items.length;
        process.stdout.write(
          `${page.items.length ? page.offset + 1 : 0}–${last} of ${page.total} accounts\n`,
        );
      }),
    );
}

/** Formats accounts as a fixed-width text table with a header row. */
export function formatAccountTable(accounts: Account[]): string {
  const header = ['Account', 'Customer', 'Status', 'Delivery', 'Payment', 'Terms'];
  const rows = accounts.map((account) => [
    account.accountNumber,
    account.customerName,
    account.status,
    account.billDelivery,
    account.paymentMethod,
    `${account.paymentTermsDays} days`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()}\n`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('');
}
