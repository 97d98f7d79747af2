import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { Temporal } from 'temporal-polyfill';
import {
  findBillByNumber,
  getBill,
  listBillCycles,
  listBillRunExceptions,
  processBillRun,
  recommendedBillRunWorkers,
  startBillRun,
} from '../../modules/billing/index.js';
import { withCompanyDatabase } from '../open-company-database.js';
import { formatBill } from './format-bill.js';

type RunOptions = {
  company: string;
  cycle: string;
  cutOff: string;
  draft?: boolean;
  issueDate?: string;
  chunkSize: string;
  workers?: string;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns whether the text is a real calendar date YYYY-MM-DD in year 0001 or later. */
function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith('0000')) return false;
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' }).toString() === text;
  } catch {
    return false;
  }
}

type ShowOptions = { company: string; number?: string; id?: string; json?: boolean };

export function registerBillingCommands(program: Command): void {
  program
    .command('bill-run')
    .description('Run (or resume) the bill run of a bill cycle for a cut-off date, with a progress bar')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--cycle <code>', 'bill cycle code, such as monthly')
    .requiredOption(
      '--cut-off <date>',
      'cut-off date YYYY-MM-DD: periods end at the last actual read on or before it',
    )
    .option('--draft', 'leave the bills as drafts instead of issuing them')
    .option('--issue-date <date>', "issue date of the bills (default: today in the company's time zone)")
    .option('--chunk-size <accounts>', 'accounts per transaction', '2000')
    .option(
      '--workers <count>',
      'chunks billed at once (default: 3 on a PostgreSQL server, 1 on the embedded database)',
    )
    .action((options: RunOptions) =>
      withCompanyDatabase(options.company, async ({ handle, db, company, context }) => {
        const cycle = await db
          .selectFrom('billing.bill_cycle')
          .select('id')
          .where('company_id', '=', company.id)
          .where('code', '=', options.cycle)
          .executeTakeFirst();
        if (!cycle) {
          const cycles = await listBillCycles(db, context);
          const codes = cycles.map((known) => known.code).join(', ') || 'none';
          throw new Error(
            `Bill cycle "${options.cycle}" was not found in company ${company.code} (--cycle); its cycles: ${codes}.`,
          );
        }
        const chunkSize = Number(options.chunkSize);
        if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) {
          throw new Error(`Invalid --chunk-size "${options.chunkSize}": use a whole number from 1 to 10000.`);
        }
        if (options.issueDate !== undefined && !isIsoDate(options.issueDate)) {
          throw new Error(
            `Invalid --issue-date "${options.issueDate}": use a date YYYY-MM-DD from 0001-01-01 on, such as 2026-12-02.`,
          );
        }
        const workers =
          options.workers === undefined ? recommendedBillRunWorkers(handle.kind) : Number(options.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 16) {
          throw new Error(`Invalid --workers "${options.workers}": use a whole number from 1 to 16.`);
        }
        const { billRun } = await startBillRun(db, context, {
          billCycleId: cycle.id,
          cutOffOn: options.cutOff,
          issueBills: !options.draft,
        });
        const bar = new SingleBar({
          format: 'bill run [{bar}] {value}/{total} accounts | {bills} bills | {exceptions} exceptions',
          stream: process.stderr,
        });
        bar.start(billRun.accountsTotal, billRun.accountsProcessed, {
          bills: billRun.billsCreated,
          exceptions: billRun.exceptionsCount,
        });
        const done = await processBillRun(db, context, billRun.id, {
          chunkSize,
          workers,
          ...(options.issueDate ? { issueDate: options.issueDate } : {}),
          onProgress: (run) =>
            bar.update(run.accountsProcessed, { bills: run.billsCreated, exceptions: run.exceptionsCount }),
        });
        bar.stop();
        process.stdout.write(
          `Bill run ${done.id} ${done.status}: ${done.billsCreated} bills, ${done.exceptionsCount} exceptions, ${done.accountsProcessed} of ${done.accountsTotal} accounts.\n`,
        );
        if (done.status !== 'completed') {
          // Chunks are shared: another process (a server's worker) is still billing the chunks it claimed.
          process.stdout.write(
            'Another process is billing the rest of this run; run the same command later to see it completed.\n',
          );
        }
        const exceptions = await listBillRunExceptions(db, company.id, done.id, {
          limit: 50,
          offset: 0,
        });
        for (const exception of exceptions.items) {
          process.stdout.write(
            `  ${exception.accountNumber}\t${exception.reasonCode}\t${exception.detail}\n`,
          );
        }
        if (exceptions.total > exceptions.items.length)
          process.stdout.write(`  … and ${exceptions.total - exceptions.items.length} more\n`);
      }),
    );

  program
    .command('bill')
    .description('Show a bill with every line and its trace')
    .requiredOption('--company <code>', 'company code')
    .option('--number <number>', 'invoice or credit note number, such as INV-00000001')
    .option('--id <uuid>', 'bill id')
    .option('--json', 'print the bill as JSON')
    .action((options: ShowOptions) =>
      withCompanyDatabase(options.company, async ({ db, company }) => {
        if (!options.number && !options.id) throw new Error('Give the bill with --number or --id.');
        if (options.id && !UUID.test(options.id)) {
          throw new Error(
            `Invalid --id "${options.id}": give a bill id, a UUID as \`cis bill --json\` shows it.`,
          );
        }
        const bill = options.id
          ? await getBill(db, company.id, options.id)
          : await findBillByNumber(db, company.id, options.number ?? '');
        if (!bill) throw new Error(`Bill ${options.number} was not found in company ${company.code}.`);
        const text = options.json
          ? JSON.stringify(
              bill,
              (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
              2,
            )
          : formatBill(bill, company.currencyMinorUnit);
        process.stdout.write(`${text}\n`);
      }),
    );
}
