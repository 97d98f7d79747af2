import { Option, type Command } from 'commander';
import type { Company } from '../../modules/companies/index.js';
import { assertUuid, getAccountRefByNumber, getAccountSummary } from '../../modules/ledger/index.js';
import {
  formatMinorAmount,
  parseDecimalAmount,
  paymentMethods,
  postPayment,
  reversePayment,
  type Payment,
  type PaymentMethod,
} from '../../modules/payments/index.js';
import { systemContext, type Db } from '../../platform/context/request-context.js';
import { withCompanyDatabase } from '../open-company-database.js';

function withCompany(code: string, work: (db: Db, company: Company) => Promise<void>): Promise<void> {
  return withCompanyDatabase(code, ({ db, company }) => work(db, company));
}

function describePayment(payment: Payment, minorUnit: number, heading: string): string {
  const money = (amountMinor: bigint) => `${formatMinorAmount(amountMinor, minorUnit)} ${payment.currency}`;
  const lines = [
    `${heading}: payment ${payment.id}`,
    `  status ${payment.status}, ${money(payment.amountMinor)} by ${payment.method} received on ${payment.receivedOn}`,
    ...payment.allocations.map(
      (allocation) =>
        `  ${allocation.status === 'active' ? 'allocated' : 'released'} ${money(allocation.amountMinor)} ${allocation.status === 'active' ? 'to' : 'from'} invoice ${allocation.invoiceNumber ?? allocation.billId}`,
    ),
    `  unallocated (account credit): ${money(payment.unallocatedMinor)}`,
  ];
  return `${lines.join('\n')}\n`;
}

type PostOptions = {
  company: string;
  account: string;
  amount: string;
  method: PaymentMethod;
  reference?: string;
  receivedOn?: string;
  idempotencyKey: string;
};

type ReverseOptions = {
  company: string;
  payment: string;
  reason: string;
  reversedOn?: string;
  idempotencyKey?: string;
};

export function registerPaymentsCommand(program: Command): void {
  const payments = program.command('payments').description('Record and reverse customer payments');

  payments
    .command('post')
    .description(
      "Record a payment and allocate it to the account's oldest open items; the rest stays as credit",
    )
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--account <number>', 'account number')
    .requiredOption(
      '--amount <decimal>',
      "amount in the company's currency, such as 12.34 (no more decimals than the currency has)",
    )
    .addOption(
      new Option('--method <method>', 'how the money arrived').choices(paymentMethods).makeOptionMandatory(),
    )
    .option('--reference <text>', 'bank or receipt reference, up to 140 characters')
    .option(
      '--received-on <date>',
      "date the money arrived, YYYY-MM-DD (default: today in the company's time zone)",
    )
    .requiredOption(
      '--idempotency-key <key>',
      'unique key for this payment; running the command again with the same key and options records nothing new',
    )
    .action(async (options: PostOptions) => {
      await withCompany(options.company, async (db, company) => {
        const amountMinor = parseDecimalAmount(options.amount, company.currencyMinorUnit, '--amount');
        if (amountMinor === 0n) throw new Error(`--amount must be more than zero, got "${options.amount}".`);
        const account = await getAccountRefByNumber(db, company.id, options.account);
        const { payment, replayed } = await postPayment(db, systemContext(company.id), {
          accountId: account.accountId,
          amountMinor,
          currency: company.currency,
          receivedOn: options.receivedOn,
          method: options.method,
          reference: options.reference,
          idempotencyKey: options.idempotencyKey,
        });
        const heading = replayed ? 'Already recorded with this idempotency key' : 'Recorded';
        process.stdout.write(describePayment(payment, company.currencyMinorUnit, heading));
      });
    });

  payments
    .command('reverse')
    .description('Reverse a payment: post the mirror entry and re-open the invoices it settled')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--payment <id>', 'payment id, as printed by "cis payments post"')
    .requiredOption('--reason <text>', 'why the payment is reversed, such as "cheque bounced"')
    .option(
      '--reversed-on <date>',
      "accounting date of the reversal, YYYY-MM-DD (default: today in the company's time zone)",
    )
    .option('--idempotency-key <key>', 'key that makes running the same reversal again return its result')
    .action(async (options: ReverseOptions) => {
      await withCompany(options.company, async (db, company) => {
        assertUuid(options.payment, '--payment', 'PAYMENTS.INVALID_PAYMENT_ID');
        const { payment, replayed } = await reversePayment(db, systemContext(company.id), {
          paymentId: options.payment,
          reason: options.reason,
          reversedOn: options.reversedOn,
          idempotencyKey: options.idempotencyKey,
        });
        const heading = replayed ? 'Already reversed with this idempotency key' : 'Reversed';
        process.stdout.write(describePayment(payment, company.currencyMinorUnit, heading));
      });
    });

  // Other modules may add subcommands to `accounts` too, so reuse the group if it exists.
  const accounts =
    program.commands.find((command) => command.name() === 'accounts') ??
    program.command('accounts').description('Customer accounts');
  accounts
    .command('balance')
    .description("Print an account's balance, credit and open items with ageing")
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--account <number>', 'account number')
    .option(
      '--as-of <date>',
      "date to age open items on, YYYY-MM-DD (default: today in the company's time zone)",
    )
    .action(async (options: { company: string; account: string; asOf?: string }) => {
      await withCompany(options.company, async (db, company) => {
        const account = await getAccountRefByNumber(db, company.id, options.account);
        const summary = await getAccountSummary(db, company.id, account.accountId, options.asOf);
        const money = (amountMinor: bigint) =>
          `${formatMinorAmount(amountMinor, company.currencyMinorUnit)} ${company.currency}`;
        const lines = [
          `Account ${account.accountNumber} as of ${summary.asOf}`,
          `  balance:    ${money(summary.balanceMinor)}`,
          `  open items: ${money(summary.openItemsTotalMinor)}`,
          `  credit:     ${money(summary.creditMinor)}`,
          `  ageing:     ${Object.entries(summary.ageing)
            .map(
              ([bucket, amountMinor]) =>
                `${bucket} ${formatMinorAmount(amountMinor, company.currencyMinorUnit)}`,
            )
            .join(', ')}`,
          ...(summary.openItems.length === 0 ? ['  no open items'] : ['  open items, oldest first:']),
          ...summary.openItems.map(
            (item) =>
              `    ${item.invoiceNumber}  due ${item.dueDate}  ${money(item.outstandingMinor)} of ${money(item.totalMinor)}  ${item.daysOverdue} days overdue (${item.ageingBucket})`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
