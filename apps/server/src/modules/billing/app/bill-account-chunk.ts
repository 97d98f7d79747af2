import { newId } from '../../../platform/ids/new-id.js';
import { Temporal } from 'temporal-polyfill';
import { TariffError, type RatingSettings } from '@open-cis/rating';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { listTariffVersionsInForce } from '../../rates/index.js';
import {
  deferPostingReferences,
  lockAccounts,
  writePostingHeaders,
  writePostingLines,
} from '../../ledger/index.js';
import { allocateCreditForAccounts, findAccountsWithCredit } from '../../payments/index.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { takeInvoiceNumbers } from './take-invoice-numbers.js';
import {
  deferBillReferences,
  insertBillDetails,
  insertBillHeaders,
  type IssueFields,
} from '../db/insert-bills.js';
import { insertEstimatedReads } from '../db/insert-estimated-reads.js';
import { earliestStart, loadChunkInputs, type StoredRead } from '../db/load-chunk-inputs.js';
import { loadIntervalInputs, type EnergyChannel, type StoredInterval } from '../db/load-interval-inputs.js';
import type { EstimatedReadDraft } from '../domain/agreement-usage.js';
import { ESTIMATION_HISTORY_DAYS, type EstimationDefaults } from '../domain/bill-run.js';
import type { BillDraft } from '../domain/bill-draft.js';
import { buildAccountBill, type AccountBillResult } from '../domain/build-account-bill.js';
import { compileTariffVersions, type BillingTariff } from '../domain/compile-tariff-versions.js';
import { computeAgreementUsage } from '../domain/compute-agreement-usage.js';
import { billPostingDescription, computeBillPosting } from '../domain/compute-bill-posting.js';

export type ChunkRequest = {
  billRunId: string;
  cutOffOn: string;
  accounts: readonly { id: string; paymentTermsDays: number }[];
  /** Set when the run issues its bills: they get numbers, due dates and ledger postings now. */
  issueDate: string | undefined;
  settings: RatingSettings;
  cyclePeriodMonths: number;
  estimation: EstimationDefaults;
  /** Compiled tariffs kept across the chunks of one run. */
  tariffCache: Map<string, BillingTariff>;
};

export type ChunkException = {
  accountId: string;
  agreementId: string | null;
  reasonCode: string;
  detail: string;
};

// Accounts rated between two yields to the event loop.
const YIELD_EVERY = 50;

/**
 * Bills one chunk of accounts inside the caller's transaction. It rates each account, then writes the
 * segments and lines, the estimated reads and the exceptions, and last the bills, for issued bills with
 * their numbers and ledger postings, and the audit and outbox rows. Every write is one set-based
 * statement per table.
 */
export async function billAccountChunk(
  trx: Trx,
  context: RequestContext,
  request: ChunkRequest,
): Promise<{ bills: number; exceptions: ChunkException[] }> {
  const { companyId } = context;
  // Most accounts have an actual read that closes their period, so the first pass loads reads from the
  // earliest period start on. Accounts that need an estimate are rated again with a year of history,
  // whose average daily use the estimate takes.
  const results = await rateAccounts(trx, companyId, request, request.accounts, 0);
  const needHistory = request.accounts.filter((account) => {
    const result = results.get(account.id);
    return result?.kind === 'bill' && result.estimatedReads.length > 0;
  });
  if (needHistory.length > 0) {
    const withHistory = await rateAccounts(trx, companyId, request, needHistory, ESTIMATION_HISTORY_DAYS);
    for (const [accountId, result] of withHistory) results.set(accountId, result);
  }

  const bills: BillDraft[] = [];
  const estimatedReads: EstimatedReadDraft[] = [];
  const exceptions: ChunkException[] = [];
  for (const account of request.accounts) {
    const result = results.get(account.id);
    if (result?.kind === 'bill') {
      bills.push(result.bill);
      estimatedReads.push(...result.estimatedReads);
    } else if (result?.kind === 'exception') {
      exceptions.push({
        accountId: account.id,
        agreementId: result.agreementId,
        reasonCode: result.reasonCode,
        detail: result.detail,
      });
    }
  }

  await deferBillReferences(trx);
  await insertBillDetails(trx, companyId, bills);
  await insertEstimatedReads(trx, companyId, estimatedReads);
  await insertExceptions(trx, companyId, request.billRunId, exceptions);

  // The postings' lines do not depend on the invoice numbers, so they are written now too. Only each
  // posting's description names its number, and the posting row follows the numbers.
  const issueDate = request.issueDate;
  const postings = issueDate
    ? bills.map((bill) =>
        computeBillPosting({ ...bill, kind: 'invoice', invoiceNumber: '', issueDate }, newId()),
      )
    : [];
  if (postings.length > 0) {
    await deferPostingReferences(trx);
    await writePostingLines(trx, context, postings);
  }

  // Taking the numbers locks the company's invoice series until commit, and every other chunk that issues
  // bills waits for that lock. So it comes after the bulk of the writes, and only what needs a number
  // follows. Before it come the accounts' lock, which crediting payments to the new bills needs, and
  // finding the accounts that have credit to allocate (usually few).
  const billedAccounts = [...new Set(bills.map((bill) => bill.accountId))];
  let accountsWithCredit: string[] = [];
  if (request.issueDate) {
    await lockAccounts(trx, companyId, billedAccounts);
    accountsWithCredit = await findAccountsWithCredit(trx, context, billedAccounts);
  }
  const dueDates = request.issueDate ? computeDueDates(bills, request) : new Map<string, string>();
  const issued = request.issueDate
    ? await issueFields(trx, companyId, bills, request.issueDate, dueDates)
    : new Map<string, IssueFields>();
  await insertBillHeaders(trx, companyId, bills, issued);
  await writePostingHeaders(
    trx,
    context,
    postings.map((posting) => ({
      ...posting,
      description: billPostingDescription('invoice', issued.get(posting.sourceId)?.invoiceNumber ?? ''),
    })),
  );
  if (accountsWithCredit.length > 0) await allocateCreditForAccounts(trx, context, accountsWithCredit);
  await recordBillEvents(trx, context, bills, issued);
  return { bills: bills.length, exceptions };
}

/**
 * Rates the given accounts of a chunk on reads from `historyDays` before their earliest period start, and
 * returns each account's bill, exception or nothing due. It writes nothing.
 */
async function rateAccounts(
  trx: Trx,
  companyId: string,
  request: ChunkRequest,
  accounts: ChunkRequest['accounts'],
  historyDays: number,
): Promise<Map<string, AccountBillResult>> {
  const inputs = await loadChunkInputs(
    trx,
    companyId,
    accounts.map((account) => account.id),
    request.cutOffOn,
    historyDays,
  );
  await loadTariffs(
    trx,
    companyId,
    inputs.agreements.map((a) => a.tariffId),
    request,
  );

  const intervalInputs = await loadIntervalInputs(
    trx,
    companyId,
    inputs.agreements.map((agreement) => agreement.servicePointId),
    earliestStart(inputs.agreements),
    request.cutOffOn,
    request.settings.timeZone,
  );
  const channelByPoint = new Map(intervalInputs.channels.map((channel) => [channel.servicePointId, channel]));
  const intervalsByChannel = groupBy(intervalInputs.intervals, (interval) => interval.channelId);
  const readsByRegister = groupBy(inputs.reads, (read: StoredRead) => read.registerId);
  const suspectByRegister = groupBy(inputs.suspectReads, (read) => read.registerId);
  const registersByPoint = groupBy(inputs.registers, (register) => register.servicePointId);
  const agreementsByAccount = groupBy(inputs.agreements, (agreement) => agreement.accountId);
  const results = new Map<string, AccountBillResult>();
  for (const [index, account] of accounts.entries()) {
    // Rating a chunk takes a while on one thread. Yielding now and then lets other workers' database
    // replies through, so that a worker holding the invoice number lock is never kept waiting here.
    if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const agreements = (agreementsByAccount.get(account.id) ?? []).map((agreement) => ({
      agreement,
      usage: computeAgreementUsage({
        agreement,
        cutOffOn: request.cutOffOn,
        registers: registersByPoint.get(agreement.servicePointId) ?? [],
        readsByRegister,
        estimation: request.estimation,
        suspectReads: (registersByPoint.get(agreement.servicePointId) ?? []).flatMap(
          (register) => suspectByRegister.get(register.registerId) ?? [],
        ),
        timeZone: request.settings.timeZone,
        cyclePeriodMonths: request.cyclePeriodMonths,
        ...intervalDataOf(channelByPoint.get(agreement.servicePointId), intervalsByChannel),
      }),
    }));
    const result = buildAccountBill({
      accountId: account.id,
      billRunId: request.billRunId,
      agreements,
      tariffs: request.tariffCache,
      settings: request.settings,
      cyclePeriodMonths: request.cyclePeriodMonths,
    });
    results.set(account.id, result);
  }
  return results;
}

async function loadTariffs(
  trx: Trx,
  companyId: string,
  tariffIds: string[],
  request: ChunkRequest,
): Promise<void> {
  const missing = [...new Set(tariffIds)].filter((id) => !request.tariffCache.has(id));
  if (missing.length === 0) return;
  const cutOff = Temporal.PlainDate.from(request.cutOffOn);
  const versions = await listTariffVersionsInForce(
    trx,
    companyId,
    missing,
    cutOff.subtract({ years: 2 }),
    cutOff.add({ days: 1 }),
  );
  for (const [tariffId, tariffVersions] of groupBy(versions, (version) => version.tariffId)) {
    try {
      request.tariffCache.set(tariffId, compileTariffVersions(tariffId, tariffVersions));
    } catch (error) {
      // A stored definition the engine rejects makes its accounts exceptions; it must not stop the run.
      if (!(error instanceof TariffError)) throw error;
      request.tariffCache.set(tariffId, {
        tariffId,
        invalid: `tariff ${tariffId} cannot be rated: ${error.message}`,
      });
    }
  }
}

async function issueFields(
  trx: Trx,
  companyId: string,
  bills: readonly BillDraft[],
  issueDate: string,
  dueDates: ReadonlyMap<string, string>,
): Promise<Map<string, IssueFields>> {
  const numbers = await takeInvoiceNumbers(trx, companyId, 'invoice', bills.length);
  return new Map(
    bills.map((bill, index) => [
      bill.id,
      {
        series: 'invoice',
        invoiceNumber: numbers[index] ?? '',
        issueDate,
        dueDate: dueDates.get(bill.id) ?? issueDate,
      },
    ]),
  );
}

/** Computes each bill's due date from the issue date and its account's payment terms. */
function computeDueDates(bills: readonly BillDraft[], request: ChunkRequest): Map<string, string> {
  const issue = Temporal.PlainDate.from(request.issueDate ?? '');
  const terms = new Map(request.accounts.map((account) => [account.id, account.paymentTermsDays]));
  const byTerms = new Map<number, string>();
  return new Map(
    bills.map((bill) => {
      const days = terms.get(bill.accountId) ?? 0;
      let dueDate = byTerms.get(days);
      if (dueDate === undefined) {
        dueDate = issue.add({ days }).toString();
        byTerms.set(days, dueDate);
      }
      return [bill.id, dueDate];
    }),
  );
}

async function insertExceptions(
  trx: Trx,
  companyId: string,
  billRunId: string,
  exceptions: readonly ChunkException[],
): Promise<void> {
  if (exceptions.length === 0) return;
  await trx
    .insertInto('billing.bill_run_exception')
    .values(
      exceptions.map((exception) => ({
        company_id: companyId,
        bill_run_id: billRunId,
        account_id: exception.accountId,
        agreement_id: exception.agreementId,
        reason_code: exception.reasonCode,
        detail: exception.detail,
      })),
    )
    .execute();
}

async function recordBillEvents(
  trx: Trx,
  context: RequestContext,
  bills: readonly BillDraft[],
  issued: ReadonlyMap<string, IssueFields>,
): Promise<void> {
  await recordAudit(
    trx,
    context,
    bills.map((bill) => ({
      entityType: 'bill',
      entityId: bill.id,
      action: 'create',
      changes: {
        accountId: [null, bill.accountId],
        totalMinor: [null, bill.totalMinor.toString()],
        status: [null, issued.has(bill.id) ? 'issued' : 'draft'],
        invoiceNumber: [null, issued.get(bill.id)?.invoiceNumber ?? null],
      },
    })),
  );
  await enqueueEvents(
    trx,
    context,
    bills.map((bill) => {
      const fields = issued.get(bill.id);
      return {
        aggregateType: 'bill',
        aggregateId: bill.id,
        eventType: fields ? 'bill.issued' : 'bill.drafted',
        payload: {
          billId: bill.id,
          accountId: bill.accountId,
          totalMinor: bill.totalMinor.toString(),
          currency: bill.currency,
          ...(fields ? { invoiceNumber: fields.invoiceNumber, dueDate: fields.dueDate } : {}),
        },
      };
    }),
  );
}

function intervalDataOf(
  channel: EnergyChannel | undefined,
  intervalsByChannel: ReadonlyMap<string, StoredInterval[]>,
): { intervalData?: { channel: EnergyChannel; intervals: StoredInterval[] } } {
  return channel ? { intervalData: { channel, intervals: intervalsByChannel.get(channel.id) ?? [] } } : {};
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
