import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { invalidInput, notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { computeDisplayName, type Customer } from '../domain/customer.js';
import { updateCustomerInputSchema, type UpdateCustomerInput } from '../domain/customer-schemas.js';
import {
  deleteContacts,
  deleteIdentifications,
  findCustomer,
  insertContacts,
  insertIdentifications,
  updateCustomerRow,
} from '../db/customer-queries.js';
import { assertIdentificationsFree } from './assert-identifications-free.js';

/**
 * Changes a customer's names, locale, contacts or identifications. The display name follows the names
 * unless the caller sets it.
 */
export async function updateCustomer(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
  input: UpdateCustomerInput,
): Promise<Customer> {
  assertPermission(context, 'customers:write');
  const changes = parseInput(updateCustomerInputSchema, input, 'CUSTOMERS.INVALID_CUSTOMER');

  return inTransaction(db, async (trx) => {
    const before = await findCustomer(trx, context.companyId, customerId, { forUpdate: true });
    if (!before) {
      throw notFound('CUSTOMERS.CUSTOMER_NOT_FOUND', `Customer ${customerId} was not found in this company.`);
    }
    assertNamesFitKind(before, changes);

    const names = {
      kind: before.kind,
      givenName: changes.givenName !== undefined ? changes.givenName : before.givenName,
      familyName: changes.familyName ?? before.familyName,
      organisationName: changes.organisationName ?? before.organisationName,
    };
    const displayName = changes.displayName ?? computeDisplayName(names);
    const rowChanges = {
      displayName,
      givenName: names.givenName ?? null,
      familyName: names.familyName,
      organisationName: names.organisationName,
      preferredLocale:
        changes.preferredLocale !== undefined ? (changes.preferredLocale ?? null) : before.preferredLocale,
    };
    await updateCustomerRow(trx, context.companyId, customerId, rowChanges);

    if (changes.contacts) {
      await deleteContacts(trx, context.companyId, customerId);
      await insertContacts(
        trx,
        context.companyId,
        changes.contacts.map((contact) => ({ id: newId(), customerId, ...contact })),
      );
    }
    if (changes.identifications) {
      await assertIdentificationsFree(trx, context.companyId, changes.identifications, customerId);
      await deleteIdentifications(trx, context.companyId, customerId);
      await insertIdentifications(
        trx,
        context.companyId,
        changes.identifications.map((item) => ({
          id: newId(),
          customerId,
          ...item,
          issuingCountry: item.issuingCountry ?? null,
        })),
      );
    }

    const after = await findCustomer(trx, context.companyId, customerId);
    if (!after) throw new Error(`Customer ${customerId} disappeared during its update.`);
    const changed = diffCustomer(before, after);
    await recordAudit(trx, context, [
      { entityType: 'customer', entityId: customerId, action: 'update', changes: changed },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'customer',
        aggregateId: customerId,
        eventType: 'customer.updated',
        payload: { customerId, changedFields: Object.keys(changed) },
      },
    ]);
    return after;
  });
}

function assertNamesFitKind(customer: Customer, changes: UpdateCustomerInput): void {
  const misplaced =
    customer.kind === 'person'
      ? changes.organisationName !== undefined && 'organisationName'
      : (changes.givenName !== undefined && 'givenName') ||
        (changes.familyName !== undefined && 'familyName');
  if (misplaced) {
    throw invalidInput(
      'CUSTOMERS.INVALID_CUSTOMER',
      `Customer ${customer.id} is a ${customer.kind}, so ${misplaced} does not apply: leave it out.`,
      [{ path: misplaced, message: `does not apply to a ${customer.kind}` }],
    );
  }
}

function diffCustomer(before: Customer, after: Customer): Record<string, unknown> {
  const comparable = (customer: Customer): Record<string, unknown> => ({
    displayName: customer.displayName,
    givenName: customer.givenName,
    familyName: customer.familyName,
    organisationName: customer.organisationName,
    preferredLocale: customer.preferredLocale,
    // Replaced lists get new row ids, so the comparison looks at their content only.
    contacts: customer.contacts.map(({ id: _id, ...contact }) => contact),
    identifications: customer.identifications.map(({ id: _id, ...identification }) => identification),
  });
  const old = comparable(before);
  const next = comparable(after);
  const changed: Record<string, unknown> = {};
  for (const field of Object.keys(next)) {
    if (JSON.stringify(old[field]) !== JSON.stringify(next[field]))
      changed[field] = [old[field], next[field]];
  }
  return changed;
}
