import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listPaymentRows } from '../db/payment-list-queries.js';
import type { PaymentListItem } from '../domain/payment.js';
import { listPaymentsQuerySchema, type ListPaymentsQuery } from '../domain/payment-list-schemas.js';

/** Lists a page of the company's payments, latest received first unless sorted otherwise. */
export async function listPayments(
  db: DbOrTrx,
  companyId: string,
  query: ListPaymentsQuery = {},
): Promise<Page<PaymentListItem>> {
  const filters = parseInput(listPaymentsQuerySchema, query, 'PAYMENTS.INVALID_QUERY');
  const { items, total } = await listPaymentRows(db, companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
