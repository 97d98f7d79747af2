import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { conflict, notFound, type AppError } from '../../../platform/errors/app-error.js';

/** Turns a constraint error of an account write into the AppError the caller can act on, if it is one. */
export function mapAccountViolation(
  error: unknown,
  values: { customerId?: string | undefined; billCycleId?: string | undefined },
): AppError | undefined {
  const violation = findConstraintViolation(error);
  if (!violation) return undefined;
  switch (violation.constraint) {
    case 'account_company_id_customer_id_fkey':
      return notFound(
        'CUSTOMERS.CUSTOMER_NOT_FOUND',
        `Customer ${values.customerId ?? '(unknown)'} was not found in this company: create the customer first.`,
      );
    case 'account_company_id_bill_cycle_id_fkey':
      return notFound(
        'CUSTOMERS.BILL_CYCLE_NOT_FOUND',
        `Bill cycle ${values.billCycleId ?? '(unknown)'} was not found in this company: list the bill cycles and pick one.`,
      );
    case 'account_company_id_account_number_key':
      return conflict(
        'CUSTOMERS.ACCOUNT_NUMBER_TAKEN',
        `The account number is already in use (${violation.detail ?? 'same number'}): give another number or omit it to have one generated.`,
      );
    default:
      return undefined;
  }
}
