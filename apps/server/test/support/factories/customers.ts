import { randomUUID } from 'node:crypto';
import {
  createAccount,
  createCustomer,
  type Account,
  type CreateAccountInput,
  type CreateCustomerInput,
  type Customer,
} from '../../../src/modules/customers/index.js';
import {
  systemContext,
  type Db,
  type RequestContext,
} from '../../../src/platform/context/request-context.js';
import type { CompanyFixture } from './company.js';

export function customersContext(company: CompanyFixture): RequestContext {
  return systemContext(company.companyId, 'customers-test');
}

/** Input for a person with a primary email and a unique national id. */
export function aPersonInput(
  overrides: Partial<Extract<CreateCustomerInput, { kind: 'person' }>> = {},
): CreateCustomerInput {
  const suffix = randomUUID().slice(0, 8);
  return {
    kind: 'person',
    givenName: 'Grace',
    familyName: `Hopper-${suffix}`,
    contacts: [{ kind: 'email', value: `grace.${suffix}@example.com`, isPrimary: true }],
    identifications: [{ scheme: 'national-id', value: `ID-${suffix}`, issuingCountry: 'US' }],
    ...overrides,
  };
}

export async function aCustomer(
  db: Db,
  company: CompanyFixture,
  input: CreateCustomerInput = aPersonInput(),
): Promise<Customer> {
  return createCustomer(db, customersContext(company), input);
}

/** Creates an account with a generated number on the company's bill cycle, for a new or the given customer. */
export async function anAccount(
  db: Db,
  company: CompanyFixture,
  overrides: Partial<CreateAccountInput> = {},
): Promise<Account> {
  const customerId = overrides.customerId ?? (await aCustomer(db, company)).id;
  return createAccount(db, customersContext(company), {
    customerId,
    billCycleId: company.billCycleId,
    billDelivery: 'post',
    ...overrides,
  });
}
