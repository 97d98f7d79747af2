import type { Trx } from '../../../platform/context/request-context.js';
import { conflict, invalidInput } from '../../../platform/errors/app-error.js';
import type { CustomerIdentification } from '../domain/customer.js';

/**
 * Throws a conflict when another customer of the company already has one of these identifications
 * (scheme and value are unique per company), or when the list repeats one. `exceptCustomerId` is the
 * customer being updated, whose own identifications are replaced.
 */
export async function assertIdentificationsFree(
  trx: Trx,
  companyId: string,
  identifications: Pick<CustomerIdentification, 'scheme' | 'value'>[],
  exceptCustomerId?: string,
): Promise<void> {
  if (identifications.length === 0) return;
  const keys = new Set<string>();
  for (const identification of identifications) {
    const key = `${identification.scheme}\u0000${identification.value}`;
    if (keys.has(key)) {
      throw invalidInput(
        'CUSTOMERS.INVALID_CUSTOMER',
        `The ${identification.scheme} identification "${identification.value}" is given twice: give it once.`,
        [{ path: 'identifications', message: `repeats ${identification.scheme} "${identification.value}"` }],
      );
    }
    keys.add(key);
  }

  let query = trx
    .selectFrom('customers.customer_identification')
    .select(['customer_id', 'scheme', 'value'])
    .where('company_id', '=', companyId)
    .where('value', 'in', [...new Set(identifications.map((identification) => identification.value))]);
  if (exceptCustomerId) query = query.where('customer_id', '<>', exceptCustomerId);
  const taken = (await query.execute()).find((row) => keys.has(`${row.scheme}\u0000${row.value}`));
  if (taken) {
    throw conflict(
      'CUSTOMERS.IDENTIFICATION_TAKEN',
      `Customer ${taken.customer_id} already has the ${taken.scheme} identification "${taken.value}": check the value or update that customer instead.`,
    );
  }
}
