import { z } from 'zod';
import { hasPermission } from '../../../platform/auth/permissions.js';
import { sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import {
  addAgreementDetails,
  agreementDetailsSchema,
  listServiceAgreements,
} from '../../agreements/index.js';
import { createAccount } from '../app/create-account.js';
import { createCustomer } from '../app/create-customer.js';
import { getAccount } from '../app/get-account.js';
import { exportAccounts } from '../app/export-accounts.js';
import { exportCustomers } from '../app/export-customers.js';
import { getCustomer } from '../app/get-customer.js';
import { listAccounts } from '../app/list-accounts.js';
import { listCustomers } from '../app/list-customers.js';
import { updateAccount } from '../app/update-account.js';
import { updateCustomer } from '../app/update-customer.js';
import {
  accountSchema,
  createAccountInputSchema,
  listAccountsQuerySchema,
  updateAccountInputSchema,
} from '../domain/account-schemas.js';
import {
  createCustomerInputSchema,
  customerSchema,
  customerSummarySchema,
  listCustomersQuerySchema,
  updateCustomerInputSchema,
} from '../domain/customer-schemas.js';
import type { Account } from '../domain/account.js';
import type { CustomerSummary } from '../domain/customer.js';

const idParams = z.object({ id: z.uuid() });

const customerCsvColumns: CsvColumn<CustomerSummary>[] = [
  { header: 'id', value: (customer) => customer.id },
  { header: 'kind', value: (customer) => customer.kind },
  { header: 'displayName', value: (customer) => customer.displayName },
  { header: 'givenName', value: (customer) => customer.givenName },
  { header: 'familyName', value: (customer) => customer.familyName },
  { header: 'organisationName', value: (customer) => customer.organisationName },
  { header: 'preferredLocale', value: (customer) => customer.preferredLocale },
  { header: 'createdAt', value: (customer) => customer.createdAt },
  { header: 'updatedAt', value: (customer) => customer.updatedAt },
];

const accountCsvColumns: CsvColumn<Account>[] = [
  { header: 'id', value: (account) => account.id },
  { header: 'accountNumber', value: (account) => account.accountNumber },
  { header: 'customerId', value: (account) => account.customerId },
  { header: 'customerName', value: (account) => account.customerName },
  { header: 'billCycleId', value: (account) => account.billCycleId },
  { header: 'status', value: (account) => account.status },
  { header: 'billDelivery', value: (account) => account.billDelivery },
  { header: 'billDeliveryEmail', value: (account) => account.billDeliveryEmail },
  { header: 'paymentMethod', value: (account) => account.paymentMethod },
  { header: 'paymentTermsDays', value: (account) => account.paymentTermsDays },
  { header: 'createdAt', value: (account) => account.createdAt },
];
// An account page has at most this many agreements inline; longer histories are paged on /v1/agreements.
const INLINE_AGREEMENTS = 100;

/** Customers and accounts: /v1/customers and /v1/accounts. */
export const customerRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'List customers, filtered by a name fragment and kind; sorted, paged or as CSV',
        querystring: listCustomersQuerySchema,
        response: { 200: pageSchema(customerSummarySchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') return listCustomers(request.db, request.context, request.query);
      return sendCsv(reply, {
        fileName: 'customers.csv',
        columns: customerCsvColumns,
        batches: await exportCustomers(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/customers',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Create a person or organisation with contacts and identifications',
        body: createCustomerInputSchema,
        response: { 201: customerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCustomer(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Get a customer',
        params: idParams,
        response: { 200: customerSchema },
      },
    },
    (request) => getCustomer(request.db, request.context, request.params.id),
  );

  app.patch(
    '/v1/customers/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Change names, locale, contacts or identifications; given lists replace the stored ones',
        params: idParams,
        body: updateCustomerInputSchema,
        response: { 200: customerSchema },
      },
    },
    (request) => updateCustomer(request.db, request.context, request.params.id, request.body),
  );

  app.get(
    '/v1/accounts',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary:
          'List accounts; search matches an account number prefix or a customer name; sorted, paged or as CSV',
        querystring: listAccountsQuerySchema,
        response: { 200: pageSchema(accountSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') return listAccounts(request.db, request.context, request.query);
      return sendCsv(reply, {
        fileName: 'accounts.csv',
        columns: accountCsvColumns,
        batches: await exportAccounts(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/accounts',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Open an account for a customer; the number is generated when omitted',
        body: createAccountInputSchema,
        response: { 201: accountSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAccount(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/accounts/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Get an account with its service agreements, newest first',
        description:
          "Each agreement carries its service point with the premise and the meters installed during the agreement, and its tariff's code and name. A part is null when the key lacks its module's read permission (premises:read, devices:read, rates:read), and `agreements` is null without agreements:read, as GET /v1/agreements would reject the key.",
        params: idParams,
        response: {
          200: accountSchema.extend({ agreements: z.array(agreementDetailsSchema).nullable() }),
        },
      },
    },
    async (request) => {
      const account = await getAccount(request.db, request.context, request.params.id);
      const granted = request.context.permissions ?? ['*'];
      if (!hasPermission(granted, 'agreements:read')) return { ...account, agreements: null };
      const agreements = await listServiceAgreements(request.db, request.context, {
        accountId: account.id,
        limit: INLINE_AGREEMENTS,
      });
      return {
        ...account,
        agreements: await addAgreementDetails(request.db, request.context, agreements.items),
      };
    },
  );

  app.patch(
    '/v1/accounts/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Change bill cycle, delivery or payment preferences, or close and reopen an account',
        params: idParams,
        body: updateAccountInputSchema,
        response: { 200: accountSchema },
      },
    },
    (request) => updateAccount(request.db, request.context, request.params.id, request.body),
  );
};
