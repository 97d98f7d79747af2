import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServicePoint } from '../domain/premise.js';
import { createServicePointInputSchema, type CreateServicePointInput } from '../domain/premise-schemas.js';
import { insertServicePoints } from '../db/premise-queries.js';
import { withArticle } from '../../../platform/text/with-article.js';

const createServicePointsInputSchema = z.array(createServicePointInputSchema).min(1).max(10_000);

/**
 * Creates service points in one transaction. A premise has at most one service point per service, and a
 * market id belongs to one service point of the company.
 */
export async function createServicePoints(
  db: DbOrTrx,
  context: RequestContext,
  inputs: CreateServicePointInput[],
): Promise<ServicePoint[]> {
  const parsed = parseInput(createServicePointsInputSchema, inputs, 'PREMISES.INVALID_SERVICE_POINT');
  const points: ServicePoint[] = parsed.map((fields) => ({
    id: newId(),
    premiseId: fields.premiseId,
    service: fields.service,
    marketId: fields.marketId ?? null,
  }));

  return inTransaction(db, async (trx) => {
    try {
      await insertServicePoints(trx, context.companyId, points);
    } catch (error) {
      throw mapServicePointViolation(error, points) ?? error;
    }
    await recordAudit(
      trx,
      context,
      points.map((point) => ({
        entityType: 'service-point',
        entityId: point.id,
        action: 'create' as const,
        changes: createdFields({ ...point }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      points.map((point) => ({
        aggregateType: 'service-point',
        aggregateId: point.id,
        eventType: 'service-point.created',
        payload: {
          servicePointId: point.id,
          premiseId: point.premiseId,
          service: point.service,
          marketId: point.marketId,
        },
      })),
    );
    return points;
  });
}

function mapServicePointViolation(error: unknown, points: ServicePoint[]): Error | undefined {
  const violation = findConstraintViolation(error);
  if (!violation) return undefined;
  const detail = violation.detail ?? '';
  // The detail reads "Key (company_id, premise_id, service)=(…, …, gas) already exists."; the point it
  // names is found by matching its values, because a batch does not say which row failed.
  const point =
    points.find(
      (candidate) =>
        detail.includes(candidate.premiseId) || (candidate.marketId && detail.includes(candidate.marketId)),
    ) ?? points[0];
  switch (violation.constraint) {
    case 'service_point_company_id_premise_id_service_key':
      return conflict(
        'PREMISES.SERVICE_POINT_EXISTS',
        `Premise ${point?.premiseId} already has ${withArticle(point?.service ?? 'other')} service point: use that one instead of creating another.`,
      );
    case 'service_point_company_id_market_id_key':
      return conflict(
        'PREMISES.MARKET_ID_TAKEN',
        `Market id ${point?.marketId} already belongs to another service point of this company: check the id.`,
      );
    case 'service_point_company_id_premise_id_fkey':
      return notFound(
        'PREMISES.PREMISE_NOT_FOUND',
        `Premise ${point?.premiseId} was not found in this company: create the premise first.`,
      );
    default:
      return undefined;
  }
}
