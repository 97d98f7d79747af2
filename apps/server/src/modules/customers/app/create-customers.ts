import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { computeDisplayName, type Customer } from '../domain/customer.js';
import { createCustomerInputSchema, type CreateCustomerInput } from '../domain/customer-schemas.js';
import { insertCustomers, type CustomerRowDraft } from '../db/customer-queries.js';
import { assertIdentificationsFree } from './assert-identifications-free.js';

const createCustomersInputSchema = z.array(createCustomerInputSchema).min(1).max(10_000);

/**
 * Creates customers with their contacts and identifications in one transaction, with multi-row inserts
 * (imports and the demo seed create hundreds at once). Returns them in input order.
 */
export async function createCustomers(
  db: DbOrTrx,
  context: RequestContext,
  inputs: CreateCustomerInput[],
): Promise<Customer[]> {
  assertPermission(context, 'customers:write');
  const parsed = parseInput(createCustomersInputSchema, inputs, 'CUSTOMERS.INVALID_CUSTOMER');
  const drafts: CustomerRowDraft[] = parsed.map((fields) => ({
    id: newId(),
    kind: fields.kind,
    displayName: fields.displayName ?? computeDisplayName(fields),
    givenName: fields.kind === 'person' ? (fields.givenName ?? null) : null,
    familyName: fields.kind === 'person' ? fields.familyName : null,
    organisationName: fields.kind === 'organisation' ? fields.organisationName : null,
    preferredLocale: fields.preferredLocale ?? null,
    contacts: fields.contacts.map((contact) => ({ id: newId(), ...contact })),
    identifications: fields.identifications.map((item) => ({
      id: newId(),
      ...item,
      issuingCountry: item.issuingCountry ?? null,
    })),
  }));

  return inTransaction(db, async (trx) => {
    await assertIdentificationsFree(
      trx,
      context.companyId,
      drafts.flatMap((draft) => draft.identifications),
    );
    const timestamps = await insertWithConflictMapping(trx, context.companyId, drafts);
    await recordAudit(
      trx,
      context,
      drafts.map((draft) => ({
        entityType: 'customer',
        entityId: draft.id,
        action: 'create' as const,
        changes: createdFields({ ...draft }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      drafts.map((draft) => ({
        aggregateType: 'customer',
        aggregateId: draft.id,
        eventType: 'customer.created',
        payload: { customerId: draft.id, kind: draft.kind, displayName: draft.displayName },
      })),
    );
    return drafts.map((draft) => {
      const stamp = timestamps.get(draft.id);
      if (!stamp) throw new Error(`The insert of customer ${draft.id} returned no row.`);
      return { ...draft, ...stamp };
    });
  });
}

async function insertWithConflictMapping(
  trx: Trx,
  companyId: string,
  drafts: CustomerRowDraft[],
): Promise<Map<string, { createdAt: string; updatedAt: string }>> {
  try {
    return await insertCustomers(trx, companyId, drafts);
  } catch (error) {
    // Two concurrent requests can both pass the check before either inserts; the unique key decides.
    const violation = findConstraintViolation(error);
    if (violation?.constraint.startsWith('customer_identification_company_id_scheme_value')) {
      throw conflict(
        'CUSTOMERS.IDENTIFICATION_TAKEN',
        `Another customer already has this identification (${violation.detail ?? 'same scheme and value'}): check the value or update that customer instead.`,
      );
    }
    throw error;
  }
}
