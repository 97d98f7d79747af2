import { sendCsv } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { getCompany } from '../../companies/index.js';
import { exportVends, listVends } from '../app/list-vends.js';
import { listVendsQuerySchema } from '../domain/vend-list-schemas.js';
import { sellers } from './sellers.js';
import { toVendListItemJson, vendCsvColumns, vendListItemSchema } from './vend-list-json.js';

/** Registers the sales list: the vends a seller may see, filtered, sorted and paged, or as CSV. */
export const vendListRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/prepaid/vends',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'List vends by agent, meter number, reference, status or day sold; sorted, paged or as CSV',
        description:
          "A vending agent's login (an agent user, or an API key assigned as the agent's cashier) sees its own " +
          "agent's vends only; another agent's `agentId` is a 404. Other staff need prepayment:read too, and " +
          "see every vend of the company or, with `agentId`, one agent's. Items carry no tokens: " +
          'POST /v1/prepaid/vends/:id/reprint hands them out again as a counted copy.',
        querystring: listVendsQuerySchema,
        response: { 200: pageSchema(vendListItemSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') {
        const page = await listVends(request.db, request.context, request.query);
        return { ...page, items: page.items.map(toVendListItemJson) };
      }
      const company = await getCompany(request.db, request.context.companyId);
      return sendCsv(reply, {
        fileName: 'vends.csv',
        columns: vendCsvColumns,
        currencyMinorUnit: company.currencyMinorUnit,
        batches: await exportVends(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );
};
