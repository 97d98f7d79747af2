import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Premise } from '../domain/premise.js';
import { updatePremiseInputSchema, type UpdatePremiseInput } from '../domain/premise-schemas.js';
import { findPremise, updatePremiseRow } from '../db/premise-queries.js';

/** Corrects a premise's address or geo point; a field given as null is cleared. */
export async function updatePremise(
  db: DbOrTrx,
  context: RequestContext,
  premiseId: string,
  input: UpdatePremiseInput,
): Promise<Premise> {
  assertPermission(context, 'premises:write');
  const changes = parseInput(updatePremiseInputSchema, input, 'PREMISES.INVALID_PREMISE');

  return inTransaction(db, async (trx) => {
    const before = await findPremise(trx, context.companyId, premiseId, { forUpdate: true });
    if (!before) {
      throw notFound('PREMISES.PREMISE_NOT_FOUND', `Premise ${premiseId} was not found in this company.`);
    }
    const after: Premise = {
      ...before,
      ...(changes.addressLine1 !== undefined ? { addressLine1: changes.addressLine1 } : {}),
      ...(changes.addressLine2 !== undefined ? { addressLine2: changes.addressLine2 ?? null } : {}),
      ...(changes.city !== undefined ? { city: changes.city } : {}),
      ...(changes.postalCode !== undefined ? { postalCode: changes.postalCode ?? null } : {}),
      ...(changes.region !== undefined ? { region: changes.region ?? null } : {}),
      ...(changes.country !== undefined ? { country: changes.country } : {}),
      ...(changes.location !== undefined ? { location: changes.location ?? null } : {}),
    };
    await updatePremiseRow(trx, context.companyId, after);

    const changed: Record<string, unknown> = {};
    for (const field of Object.keys(after) as (keyof Premise)[]) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
        changed[field] = [before[field], after[field]];
    }
    await recordAudit(trx, context, [
      { entityType: 'premise', entityId: premiseId, action: 'update', changes: changed },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'premise',
        aggregateId: premiseId,
        eventType: 'premise.updated',
        payload: { premiseId, changedFields: Object.keys(changed) },
      },
    ]);
    return after;
  });
}
