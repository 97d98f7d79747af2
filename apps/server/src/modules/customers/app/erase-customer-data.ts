import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import { deleteContacts, deleteIdentifications, findCustomer } from '../db/customer-queries.js';

export type ErasureScope = {
  /**
   * Whether the customer's name and tax id stay: issued invoices name their buyer, and tax law makes the
   * utility keep invoices for years, so they stay while the customer has any.
   */
  keepInvoiceIdentity: boolean;
  reason: string;
};

/**
 * Erases a customer's personal data in the caller's transaction: contacts, identifications (but the tax
 * id when invoices need it), the preferred language, the names unless invoices need them, and the
 * accounts' bill delivery email. The rows stay, because bills and the ledger point at the accounts. Earlier
 * audit events of the customer keep their fields but lose their values, and the erasure's own event names
 * the erased fields without values.
 */
export async function eraseCustomerData(
  trx: Trx,
  context: RequestContext,
  customerId: string,
  scope: ErasureScope,
): Promise<{ erasedFields: string[] }> {
  const customer = await findCustomer(trx, context.companyId, customerId, { forUpdate: true });
  if (!customer) {
    throw notFound('CUSTOMERS.CUSTOMER_NOT_FOUND', `Customer ${customerId} was not found in this company.`);
  }
  const erasedAt = await trx
    .selectFrom('customers.customer')
    .select('erased_at')
    .where('company_id', '=', context.companyId)
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  if (erasedAt.erased_at !== null) {
    throw conflict(
      'CUSTOMERS.ALREADY_ERASED',
      `Customer ${customerId} was erased at ${erasedAt.erased_at.toISOString()}.`,
    );
  }

  const keptIdentifications = scope.keepInvoiceIdentity
    ? customer.identifications.filter((identification) => identification.scheme === 'tax-id')
    : [];
  await deleteContacts(trx, context.companyId, customerId);
  await deleteIdentifications(trx, context.companyId, customerId);
  if (keptIdentifications.length > 0) {
    await trx
      .insertInto('customers.customer_identification')
      .values(
        keptIdentifications.map((identification) => ({
          company_id: context.companyId,
          id: identification.id,
          customer_id: customerId,
          scheme: identification.scheme,
          value: identification.value,
          issuing_country: identification.issuingCountry,
        })),
      )
      .execute();
  }
  const names = scope.keepInvoiceIdentity
    ? {}
    : customer.kind === 'person'
      ? { given_name: null, family_name: 'Erased', display_name: 'Erased customer' }
      : { organisation_name: 'Erased organisation', display_name: 'Erased organisation' };
  await trx
    .updateTable('customers.customer')
    .set({ ...names, preferred_locale: null, erased_at: new Date(), updated_at: new Date() })
    .where('company_id', '=', context.companyId)
    .where('id', '=', customerId)
    .execute();
  await trx
    .updateTable('customers.account')
    .set({ bill_delivery_email: null, bill_delivery: 'post' })
    .where('company_id', '=', context.companyId)
    .where('customer_id', '=', customerId)
    .where('bill_delivery_email', 'is not', null)
    .execute();

  // Earlier audit events of the customer keep what changed and when, but lose the personal values.
  const blanked = await sql<{ events: number }>`
    select platform.erase_audit_values(${customerId}::uuid) as events`.execute(trx);
  const erasedFields = [
    ...(customer.contacts.length > 0 ? ['contacts'] : []),
    ...(customer.identifications.length > keptIdentifications.length ? ['identifications'] : []),
    ...Object.keys(names).filter((field) => field !== 'display_name'),
    'preferred_locale',
    'accounts.bill_delivery_email',
  ];
  await recordAudit(trx, context, [
    {
      entityType: 'customer',
      entityId: customerId,
      action: 'update',
      changes: {
        erased: [null, erasedFields],
        kept_for_invoices: [null, scope.keepInvoiceIdentity],
        reason: [null, scope.reason],
        audit_events_blanked: [null, blanked.rows[0]?.events ?? 0],
      },
    },
  ]);
  return { erasedFields };
}
