import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { OutstandingInvoice } from '../domain/open-item.js';

type OutstandingInvoiceRow = {
  bill_id: string;
  account_id: string;
  invoice_number: string;
  issue_date: string;
  due_date: string;
  currency: string;
  total_minor: string;
  allocated_minor: string;
};

/**
 * Selects the issued, not fully allocated invoices of the given accounts with one statement. Cancelled
 * bills and credit notes are never open items.
 *
 * NOTE: open items are a read model over billing.bill and payments.payment_allocation, so this query
 * reads both modules' tables. A documented SQL view would keep that coupling in one place.
 */
export async function selectOutstandingInvoices(
  db: DbOrTrx,
  companyId: string,
  accountIds: readonly string[],
): Promise<OutstandingInvoice[]> {
  if (accountIds.length === 0) return [];
  const result = await sql<OutstandingInvoiceRow>`
    select b.id as bill_id, b.account_id, b.invoice_number, b.issue_date, b.due_date, b.currency,
           b.total_minor, coalesce(sum(a.amount_minor), 0)::text as allocated_minor
      from billing.bill b
      left join payments.payment_allocation a
        on a.company_id = b.company_id and a.bill_id = b.id and a.status = 'active'
     where b.company_id = ${companyId}
       and b.account_id = any(${[...accountIds]}::uuid[])
       and b.kind = 'invoice'
       and b.status = 'issued'
     group by b.company_id, b.id
    having b.total_minor > coalesce(sum(a.amount_minor), 0)
  `.execute(db);
  return result.rows.map((row) => {
    const totalMinor = BigInt(row.total_minor);
    const allocatedMinor = BigInt(row.allocated_minor);
    return {
      billId: row.bill_id,
      accountId: row.account_id,
      invoiceNumber: row.invoice_number,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      currency: row.currency,
      totalMinor,
      allocatedMinor,
      outstandingMinor: totalMinor - allocatedMinor,
    };
  });
}
