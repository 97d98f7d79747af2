import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Premise } from '../domain/premise.js';
import { createPremiseInputSchema, type CreatePremiseInput } from '../domain/premise-schemas.js';
import { insertPremises } from '../db/premise-queries.js';

const createPremisesInputSchema = z.array(createPremiseInputSchema).min(1).max(10_000);

/** Creates premises in one transaction with multi-row inserts; returns them in input order. */
export async function createPremises(
  db: DbOrTrx,
  context: RequestContext,
  inputs: CreatePremiseInput[],
): Promise<Premise[]> {
  const parsed = parseInput(createPremisesInputSchema, inputs, 'PREMISES.INVALID_PREMISE');
  const premises: Premise[] = parsed.map((fields) => ({
    id: newId(),
    addressLine1: fields.addressLine1,
    addressLine2: fields.addressLine2 ?? null,
    city: fields.city,
    postalCode: fields.postalCode ?? null,
    region: fields.region ?? null,
    country: fields.country,
    location: fields.location ?? null,
  }));

  return inTransaction(db, async (trx) => {
    await insertPremises(trx, context.companyId, premises);
    await recordAudit(
      trx,
      context,
      premises.map((premise) => ({
        entityType: 'premise',
        entityId: premise.id,
        action: 'create' as const,
        changes: createdFields({ ...premise }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      premises.map((premise) => ({
        aggregateType: 'premise',
        aggregateId: premise.id,
        eventType: 'premise.created',
        payload: { premiseId: premise.id, city: premise.city, country: premise.country },
      })),
    );
    return premises;
  });
}
