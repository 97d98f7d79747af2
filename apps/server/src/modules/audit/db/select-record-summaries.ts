import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RecordSummary } from '../domain/timeline-event.js';
import { distinctUuids } from './distinct-uuids.js';
import type { TimelineEntityType } from './select-timeline.js';

type SummaryRow = {
  entity_type: TimelineEntityType;
  entity_id: string;
  reference: string | null;
  kind: string | null;
  date: string | null;
  amount_minor: string | null;
  currency: string | null;
  payment_id: string | null;
};

/** The key of a record in the map that selectRecordSummaries returns, such as `bill:3f2a…`. */
export function recordKey(entityType: string, entityId: string): string {
  return `${entityType}:${entityId.toLowerCase()}`;
}

/**
 * Selects in one query the summaries of the records of a timeline page, keyed by recordKey. A customer
 * has no summary, because its timeline is about that one customer. An id that is no UUID matches no row.
 */
export async function selectRecordSummaries(
  db: DbOrTrx,
  companyId: string,
  records: readonly { entityType: string; entityId: string }[],
): Promise<Map<string, RecordSummary>> {
  const idsOf = (entityType: TimelineEntityType) =>
    distinctUuids(
      records.filter((record) => record.entityType === entityType).map((record) => record.entityId),
    );
  const ids = {
    account: idsOf('account'),
    agreement: idsOf('service-agreement'),
    bill: idsOf('bill'),
    payment: idsOf('payment'),
    allocation: idsOf('payment_allocation'),
    vend: idsOf('prepaid-vend'),
    allowance: idsOf('free-basic-allowance'),
  };
  if (Object.values(ids).every((list) => list.length === 0)) return new Map();

  const result = await sql<SummaryRow>`
    select 'account' as entity_type, a.id::text as entity_id, a.account_number as reference,
           null::text as kind, null::text as date, null::text as amount_minor, null::text as currency,
           null::text as payment_id
      from customers.account a
     where a.company_id = ${companyId} and a.id = any(${ids.account}::uuid[])
    union all
    select 'service-agreement', s.id::text, null, null, to_char(s.start_on, 'YYYY-MM-DD'), null, null, null
      from agreements.service_agreement s
     where s.company_id = ${companyId} and s.id = any(${ids.agreement}::uuid[])
    union all
    select 'bill', b.id::text, b.invoice_number, b.kind, to_char(b.issue_date, 'YYYY-MM-DD'),
           b.total_minor::text, b.currency, null
      from billing.bill b
     where b.company_id = ${companyId} and b.id = any(${ids.bill}::uuid[])
    union all
    select 'payment', p.id::text, null, null, to_char(p.received_on, 'YYYY-MM-DD'), p.amount_minor::text,
           p.currency, null
      from payments.payment p
     where p.company_id = ${companyId} and p.id = any(${ids.payment}::uuid[])
    union all
    select 'payment_allocation', l.id::text, b.invoice_number, null,
           to_char(coalesce(p.received_on, v.accounting_date), 'YYYY-MM-DD'), l.amount_minor::text,
           coalesce(p.currency, v.currency), p.id::text
      from payments.payment_allocation l
      left join payments.payment p on p.company_id = l.company_id and p.id = l.payment_id
      left join prepayment.vend v on v.company_id = l.company_id and v.id = l.vend_id
      join billing.bill b on b.company_id = l.company_id and b.id = l.bill_id
     where l.company_id = ${companyId} and l.id = any(${ids.allocation}::uuid[])
    union all
    select 'prepaid-vend', v.id::text, v.transaction_reference, null, to_char(v.accounting_date, 'YYYY-MM-DD'),
           v.tendered_minor::text, v.currency, null
      from prepayment.vend v
     where v.company_id = ${companyId} and v.id = any(${ids.vend}::uuid[])
    union all
    select 'free-basic-allowance', f.id::text, null, null, to_char(f.start_on, 'YYYY-MM-DD'), null, null, null
      from prepayment.free_basic_allowance f
     where f.company_id = ${companyId} and f.id = any(${ids.allowance}::uuid[])
  `.execute(db);

  return new Map(
    result.rows.map((row) => [
      recordKey(row.entity_type, row.entity_id),
      {
        reference: row.reference,
        kind: row.kind,
        date: row.date,
        amountMinor: row.amount_minor,
        currency: row.currency,
        paymentId: row.payment_id,
      },
    ]),
  );
}
