import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Customer } from '../domain/customer.js';
import { findCustomer } from '../db/customer-queries.js';

/** Returns the customer with its contacts and identifications, or throws not-found (also for another company's id). */
export async function getCustomer(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
): Promise<Customer> {
  const customer = await findCustomer(db, context.companyId, customerId);
  if (!customer) {
    throw notFound('CUSTOMERS.CUSTOMER_NOT_FOUND', `Customer ${customerId} was not found in this company.`);
  }
  return customer;
}
