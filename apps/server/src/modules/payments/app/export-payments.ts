import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findPaymentSummariesByIds, listPaymentIds } from '../db/payment-list-queries.js';
import type { PaymentListItem } from '../domain/payment.js';
import { listPaymentsQuerySchema, type ListPaymentsQuery } from '../domain/payment-list-schemas.js';

/** Reads every payment the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportPayments(
  db: DbOrTrx,
  companyId: string,
  query: ListPaymentsQuery,
  maxRows: number,
): Promise<AsyncIterable<PaymentListItem[]>> {
  const filters = parseInput(listPaymentsQuerySchema, query, 'PAYMENTS.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listPaymentIds(db, companyId, filters, limit),
      selectRows: (ids) => findPaymentSummariesByIds(db, companyId, ids),
      idOf: (payment) => payment.id,
    },
    maxRows,
  );
}
