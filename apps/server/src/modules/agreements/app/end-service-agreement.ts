import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { Temporal } from 'temporal-polyfill';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import {
  endServiceAgreementInputSchema,
  type EndServiceAgreementInput,
} from '../domain/service-agreement-schemas.js';
import { findServiceAgreement, setAgreementEnd } from '../db/service-agreement-queries.js';

/**
 * Ends an agreement: `endOn` is the first day no longer supplied (a move-out on the 15th ends on the
 * 15th). An open-ended agreement can be ended, and an end date can be brought forward but not pushed back,
 * because a later end could overlap the agreement that follows.
 */
export async function endServiceAgreement(
  db: DbOrTrx,
  context: RequestContext,
  agreementId: string,
  input: EndServiceAgreementInput,
): Promise<ServiceAgreement> {
  assertPermission(context, 'agreements:write');
  const { endOn } = parseInput(endServiceAgreementInputSchema, input, 'AGREEMENTS.INVALID_AGREEMENT');

  return inTransaction(db, async (trx) => {
    const agreement = await findServiceAgreement(trx, context.companyId, agreementId, { forUpdate: true });
    if (!agreement) {
      throw notFound(
        'AGREEMENTS.AGREEMENT_NOT_FOUND',
        `Service agreement ${agreementId} was not found in this company.`,
      );
    }
    if (Temporal.PlainDate.compare(endOn, agreement.startOn) <= 0) {
      throw ruleViolation(
        'AGREEMENTS.END_BEFORE_START',
        `Agreement ${agreementId} starts on ${agreement.startOn}, so it cannot end on ${endOn}: give an end date after the start.`,
        [{ path: 'endOn', message: `${endOn} is not after the start ${agreement.startOn}` }],
      );
    }
    if (agreement.endOn !== null && Temporal.PlainDate.compare(endOn, agreement.endOn) > 0) {
      throw conflict(
        'AGREEMENTS.ALREADY_ENDED',
        `Agreement ${agreementId} already ends on ${agreement.endOn}; an end date can only move earlier, not to ${endOn}.`,
      );
    }
    await setAgreementEnd(trx, context.companyId, agreementId, endOn);
    await recordAudit(trx, context, [
      {
        entityType: 'service-agreement',
        entityId: agreementId,
        action: 'update',
        changes: { endOn: [agreement.endOn, endOn] },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'service-agreement',
        aggregateId: agreementId,
        eventType: 'service-agreement.ended',
        payload: {
          agreementId,
          accountId: agreement.accountId,
          servicePointId: agreement.servicePointId,
          endOn,
        },
      },
    ]);
    return { ...agreement, endOn };
  });
}
