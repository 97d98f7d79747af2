import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { listServiceAgreements, serviceAgreementSchema } from '../../agreements/index.js';
import { createAccount } from '../app/create-account.js';
import { createCustomer } from '../app/create-customer.js';
import { getAccount } from '../app/get-account.js';
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

const idParams = z.object({ id: z.uuid() });
// An account page has at most this many agreements inline; longer histories are paged on /v1/agreements.
const INLINE_AGREEMENTS = 100;

/** Customers and accounts: /v1/customers and /v1/accounts. */
export const customerRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'List customers by display name, filtered by a name fragment and kind',
        querystring: listCustomersQuerySchema,
        response: { 200: pageSchema(customerSummarySchema) },
      },
    },
    (request) => listCustomers(request.db, request.context, request.query),
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
        summary: 'List accounts; search matches an account number prefix or a customer name',
        querystring: listAccountsQuerySchema,
        response: { 200: pageSchema(accountSchema) },
      },
    },
    (request) => listAccounts(request.db, request.context, request.query),
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
        params: idParams,
        response: { 200: accountSchema.extend({ agreements: z.array(serviceAgreementSchema) }) },
      },
    },
    async (request) => {
      const account = await getAccount(request.db, request.context, request.params.id);
      const agreements = await listServiceAgreements(request.db, request.context, {
        accountId: account.id,
        limit: INLINE_AGREEMENTS,
      });
      return { ...account, agreements: agreements.items };
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
