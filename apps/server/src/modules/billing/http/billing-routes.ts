import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { Db } from '../../../platform/context/request-context.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { sendCsv } from '../../../platform/http/csv.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { getCompany } from '../../companies/index.js';
import { getAccountRef } from '../../ledger/index.js';
import { cancelBill } from '../app/cancel-bill.js';
import { exportAccountBills } from '../app/export-account-bills.js';
import { exportBillRunExceptions } from '../app/export-bill-run-exceptions.js';
import { exportBillRuns } from '../app/export-bill-runs.js';
import { exportBills } from '../app/export-bills.js';
import { assertIssueDateReasonable } from '../domain/assert-issue-date.js';
import { issueDateSchema, startBillRunBody } from '../domain/bill-request-schemas.js';
import { getBillRun } from '../app/get-bill-run.js';
import { getBill } from '../app/get-bill.js';
import { issueBill } from '../app/issue-bill.js';
import { listAccountBills } from '../app/list-account-bills.js';
import { listBillRunExceptions } from '../app/list-bill-run-exceptions.js';
import { listBillRuns } from '../app/list-bill-runs.js';
import { listBills } from '../app/list-bills.js';
import {
  listAccountBillsQuerySchema,
  listBillRunExceptionsQuerySchema,
  listBillRunsQuerySchema,
  listBillsQuerySchema,
} from '../domain/billing-list-schemas.js';
import {
  billCsvColumns,
  billListCsvColumns,
  billRunCsvColumns,
  billRunExceptionCsvColumns,
} from './billing-csv-columns.js';
import { startBillRun } from '../app/start-bill-run.js';
import { BillRunWorker, billRunQueue } from '../jobs/bill-run-worker.js';
import { findLatestJob } from '../../../platform/jobs/find-latest-job.js';
import {
  billListItemSchema,
  billRunSchema,
  billSchema,
  billSummarySchema,
  toBillJson,
  toBillListItemJson,
  toBillRunJson,
  toBillSummaryJson,
} from './bill-json.js';

const idParams = z.object({ id: z.uuid() });

export const billingRoutes: RoutePlugin = (app, { database, billRunWorkers, csvExportMaxRows }) => {
  const worker = new BillRunWorker(database, app.log, billRunWorkers);
  app.addHook('onReady', async () => {
    await worker.resumeUnfinished();
  });
  app.addHook('onClose', () => worker.close());

  app.post(
    '/v1/bill-runs',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags: ['billing'],
        summary:
          'Start the bill run of a cycle for a cut-off date (or return the existing one); it runs in the background',
        body: startBillRunBody,
        response: { 200: billRunSchema, 202: billRunSchema },
      },
    },
    async (request, reply) => {
      const { issueDate, ...input } = request.body;
      if (issueDate) assertIssueDateReasonable(issueDate, await today(request.db, request.context.companyId));
      const { billRun, created } = await startBillRun(request.db, request.context, input);
      // The run continues after the response; its progress is stored per chunk and read with GET.
      if (billRun.status !== 'completed')
        await worker.start(request.context, billRun.id, issueDate ? { issueDate } : {});
      return reply.code(created ? 202 : 200).send(toBillRunJson(billRun));
    },
  );

  app.get(
    '/v1/bill-runs',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary: 'List bill runs by status, cycle or cut-off date, newest first; sorted, paged or as CSV',
        querystring: listBillRunsQuerySchema,
        response: { 200: pageSchema(billRunSchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      if (request.query.format === 'json') {
        const page = await listBillRuns(request.db, companyId, request.query);
        return { ...page, items: page.items.map(toBillRunJson) };
      }
      return sendCsv(reply, {
        fileName: 'bill-runs.csv',
        columns: billRunCsvColumns,
        batches: await exportBillRuns(request.db, companyId, request.query, csvExportMaxRows),
      });
    },
  );

  app.get(
    '/v1/bill-runs/:id',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary:
          'A bill run, its progress and the state of the background job that bills it; GET /v1/bills?billRunId= lists its bills',
        params: idParams,
        response: { 200: billRunSchema },
      },
    },
    async (request) => {
      const { companyId } = request.context;
      const billRun = await getBillRun(request.db, companyId, request.params.id);
      const job = await findLatestJob(request.db, companyId, billRunQueue, billRun.id);
      return { ...toBillRunJson(billRun), job: job ?? null };
    },
  );

  app.get(
    '/v1/bill-runs/:id/exceptions',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary: 'Accounts the bill run could not bill, with the reason; sorted, paged or as CSV',
        params: idParams,
        querystring: listBillRunExceptionsQuerySchema,
        response: {
          200: pageSchema(
            z.object({
              accountId: z.uuid(),
              accountNumber: z.string(),
              agreementId: z.uuid().nullable(),
              servicePointMarketId: z
                .string()
                .nullable()
                .describe("Market id of the agreement's service point; null without one"),
              reasonCode: z.string(),
              detail: z.string(),
              createdAt: z.iso.datetime(),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      const billRunId = request.params.id;
      await getBillRun(request.db, companyId, billRunId);
      if (request.query.format === 'json') {
        return listBillRunExceptions(request.db, companyId, billRunId, request.query);
      }
      return sendCsv(reply, {
        fileName: 'bill-run-exceptions.csv',
        columns: billRunExceptionCsvColumns,
        batches: await exportBillRunExceptions(
          request.db,
          companyId,
          billRunId,
          request.query,
          csvExportMaxRows,
        ),
      });
    },
  );

  app.get(
    '/v1/bills',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary:
          "The company's bills and credit notes, newest first, by bill run (billRunId), account, status, kind, issue or due date, total or the start of an invoice or account number; sorted, paged or as CSV",
        querystring: listBillsQuerySchema,
        response: { 200: pageSchema(billListItemSchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      if (request.query.format === 'json') {
        const page = await listBills(request.db, companyId, request.query);
        return { ...page, items: page.items.map(toBillListItemJson) };
      }
      const company = await getCompany(request.db, companyId);
      return sendCsv(reply, {
        fileName: 'bills.csv',
        columns: billListCsvColumns,
        currencyMinorUnit: company.currencyMinorUnit,
        batches: await exportBills(request.db, companyId, request.query, csvExportMaxRows),
      });
    },
  );

  app.get(
    '/v1/bills/:id',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary: "A bill with its segments and every line's trace",
        params: idParams,
        response: { 200: billSchema },
      },
    },
    async (request) => toBillJson(await getBill(request.db, request.context.companyId, request.params.id)),
  );

  app.get(
    '/v1/accounts/:id/bills',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary:
          "An account's bills and credit notes, newest first, by status, kind or issue date; sorted, paged or as CSV; 404 for an unknown account",
        params: idParams,
        querystring: listAccountBillsQuerySchema,
        response: { 200: pageSchema(billSummarySchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      const accountId = request.params.id;
      // An unknown account is a 404, not an empty list, so a mistyped id is not mistaken for no bills.
      await getAccountRef(request.db, companyId, accountId);
      if (request.query.format === 'json') {
        const page = await listAccountBills(request.db, companyId, accountId, request.query);
        return { ...page, items: page.items.map(toBillSummaryJson) };
      }
      const company = await getCompany(request.db, companyId);
      return sendCsv(reply, {
        fileName: 'bills.csv',
        columns: billCsvColumns,
        currencyMinorUnit: company.currencyMinorUnit,
        batches: await exportAccountBills(request.db, companyId, accountId, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/bills/:id/issue',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags: ['billing'],
        summary: 'Issue a draft bill: number, due date and ledger posting',
        params: idParams,
        body: z.object({ issueDate: issueDateSchema }).default({}),
        response: { 200: billSummarySchema },
      },
    },
    async (request) => {
      const issueDate = request.body.issueDate ?? (await today(request.db, request.context.companyId));
      assertIssueDateReasonable(issueDate, await today(request.db, request.context.companyId));
      return toBillSummaryJson(
        await issueBill(request.db, request.context, { billId: request.params.id, issueDate }),
      );
    },
  );

  app.post(
    '/v1/bills/:id/credit-note',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags: ['billing'],
        summary: 'Cancel an issued invoice with a credit note that reverses its posting',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(3).max(500), issueDate: issueDateSchema }),
        response: {
          201: z.object({ cancelledBillId: z.uuid(), creditNoteId: z.uuid(), creditNoteNumber: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const issueDate = request.body.issueDate ?? (await today(request.db, request.context.companyId));
      assertIssueDateReasonable(issueDate, await today(request.db, request.context.companyId));
      const result = await cancelBill(request.db, request.context, {
        billId: request.params.id,
        reason: request.body.reason,
        issueDate,
      });
      return reply.code(201).send({
        cancelledBillId: result.cancelled.id,
        creditNoteId: result.creditNoteId,
        creditNoteNumber: result.creditNoteNumber,
      });
    },
  );
};

async function today(db: Db, companyId: string): Promise<string> {
  const company = await db
    .selectFrom('companies.company')
    .select('time_zone')
    .where('id', '=', companyId)
    .executeTakeFirstOrThrow();
  return Temporal.Now.plainDateISO(company.time_zone).toString();
}
