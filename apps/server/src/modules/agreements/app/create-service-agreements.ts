import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listAccountsByIds } from '../../customers/index.js';
import { listServicePointsByIds } from '../../premises/index.js';
import { findTariff } from '../../rates/index.js';
import { describeRange, isOverlapping, type ServiceAgreement } from '../domain/service-agreement.js';
import {
  createServiceAgreementInputSchema,
  type CreateServiceAgreementInput,
} from '../domain/service-agreement-schemas.js';
import { insertServiceAgreements, listAgreementsOfServicePoints } from '../db/service-agreement-queries.js';
import { withArticle } from '../../../platform/text/with-article.js';

const createServiceAgreementsInputSchema = z.array(createServiceAgreementInputSchema).min(1).max(10_000);

/**
 * Creates service agreements in one transaction. Each needs an active account, a service point and a
 * tariff of the same service in the company, and no other agreement of its service point may share a day
 * with it (existing ones or others in the batch).
 */
export async function createServiceAgreements(
  db: DbOrTrx,
  context: RequestContext,
  inputs: CreateServiceAgreementInput[],
): Promise<ServiceAgreement[]> {
  assertPermission(context, 'agreements:write');
  const parsed = parseInput(createServiceAgreementsInputSchema, inputs, 'AGREEMENTS.INVALID_AGREEMENT');
  const agreements = parsed.map((fields) => ({
    id: newId(),
    accountId: fields.accountId,
    servicePointId: fields.servicePointId,
    tariffId: fields.tariffId,
    paymentMode: fields.paymentMode,
    startOn: fields.startOn,
    endOn: fields.endOn ?? null,
  }));

  return inTransaction(db, async (trx) => {
    await assertReferences(trx, context, agreements);
    await assertNoOverlap(trx, context.companyId, agreements);
    let createdAt: Map<string, string>;
    try {
      createdAt = await insertServiceAgreements(trx, context.companyId, agreements);
    } catch (error) {
      if (findConstraintViolation(error)?.sqlState === '23P01') {
        throw conflict(
          'AGREEMENTS.AGREEMENT_OVERLAP',
          'Another agreement for the same service point and days was created meanwhile: reload the service point and try again.',
        );
      }
      throw error;
    }
    await recordAudit(
      trx,
      context,
      agreements.map((agreement) => ({
        entityType: 'service-agreement',
        entityId: agreement.id,
        action: 'create' as const,
        changes: createdFields({ ...agreement }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      agreements.map((agreement) => ({
        aggregateType: 'service-agreement',
        aggregateId: agreement.id,
        eventType: 'service-agreement.created',
        payload: { ...agreement },
      })),
    );
    return agreements.map((agreement) => ({ ...agreement, createdAt: createdAt.get(agreement.id) ?? '' }));
  });
}

async function assertReferences(
  trx: Trx,
  context: RequestContext,
  agreements: Omit<ServiceAgreement, 'createdAt'>[],
): Promise<void> {
  const accounts = new Map(
    (await listAccountsByIds(trx, context, unique(agreements.map((item) => item.accountId)))).map(
      (account) => [account.id, account],
    ),
  );
  const points = new Map(
    (await listServicePointsByIds(trx, context, unique(agreements.map((item) => item.servicePointId)))).map(
      (point) => [point.id, point],
    ),
  );
  const tariffs = new Map<string, Awaited<ReturnType<typeof findTariff>>>();
  for (const tariffId of unique(agreements.map((item) => item.tariffId))) {
    tariffs.set(tariffId, await findTariff(trx, context.companyId, tariffId));
  }

  for (const agreement of agreements) {
    const account = accounts.get(agreement.accountId);
    if (!account)
      throw notFound(
        'AGREEMENTS.ACCOUNT_NOT_FOUND',
        `Account ${agreement.accountId} was not found in this company.`,
      );
    if (account.status !== 'active') {
      throw ruleViolation(
        'AGREEMENTS.ACCOUNT_CLOSED',
        `Account ${account.accountNumber} is closed: reopen it or choose an active account for the agreement.`,
        [{ path: 'accountId', message: `account ${account.accountNumber} is closed` }],
      );
    }
    const point = points.get(agreement.servicePointId);
    if (!point) {
      throw notFound(
        'AGREEMENTS.SERVICE_POINT_NOT_FOUND',
        `Service point ${agreement.servicePointId} was not found in this company.`,
      );
    }
    const tariff = tariffs.get(agreement.tariffId);
    if (!tariff)
      throw notFound(
        'AGREEMENTS.TARIFF_NOT_FOUND',
        `Tariff ${agreement.tariffId} was not found in this company.`,
      );
    if (tariff.service !== point.service) {
      throw ruleViolation(
        'AGREEMENTS.SERVICE_MISMATCH',
        `Tariff ${tariff.code} prices ${tariff.service}, but service point ${point.id} takes ${point.service}: choose ${withArticle(point.service)} tariff.`,
        [{ path: 'tariffId', message: `prices ${tariff.service}, not ${point.service}` }],
      );
    }
  }
}

async function assertNoOverlap(
  trx: Trx,
  companyId: string,
  agreements: Omit<ServiceAgreement, 'createdAt'>[],
): Promise<void> {
  const existing = await listAgreementsOfServicePoints(
    trx,
    companyId,
    unique(agreements.map((item) => item.servicePointId)),
  );
  const accepted: Omit<ServiceAgreement, 'createdAt'>[] = [...existing];
  for (const agreement of agreements) {
    const clash = accepted.find(
      (other) => other.servicePointId === agreement.servicePointId && isOverlapping(other, agreement),
    );
    if (clash) {
      throw conflict(
        'AGREEMENTS.AGREEMENT_OVERLAP',
        `Service point ${agreement.servicePointId} already has agreement ${clash.id} (account ${clash.accountId}) ${describeRange(clash)}, which overlaps the new agreement ${describeRange(agreement)}: end that agreement first or start the new one after it.`,
      );
    }
    accepted.push(agreement);
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
