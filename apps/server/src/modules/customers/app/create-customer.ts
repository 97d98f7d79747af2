import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Customer } from '../domain/customer.js';
import type { CreateCustomerInput } from '../domain/customer-schemas.js';
import { createCustomers } from './create-customers.js';

/** Creates one customer (person or organisation) with its contacts and identifications. */
export async function createCustomer(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateCustomerInput,
): Promise<Customer> {
  assertPermission(context, 'customers:write');
  const [customer] = await createCustomers(db, context, [input]);
  if (!customer) throw new Error('Creating one customer returned no customer.');
  return customer;
}
