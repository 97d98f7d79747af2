import { assertPermission } from '../../../../platform/auth/assert-permission.js';
import { newId } from '../../../../platform/ids/new-id.js';
import { createdFields, recordAudit } from '../../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../../platform/db/in-transaction.js';
import { conflict } from '../../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../../platform/validation/parse-input.js';
import {
  createBillCycleInputSchema,
  type BillCycle,
  type CreateBillCycleInput,
} from './bill-cycle-schemas.js';

/** Creates a bill cycle; its code is unique per company. */
export async function createBillCycle(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateBillCycleInput,
): Promise<BillCycle> {
  assertPermission(context, 'billing:write');
  const fields = parseInput(createBillCycleInputSchema, input, 'BILLING.INVALID_BILL_CYCLE');
  const cycle: BillCycle = { id: newId(), ...fields };

  return inTransaction(db, async (trx) => {
    try {
      await trx
        .insertInto('billing.bill_cycle')
        .values({
          company_id: context.companyId,
          id: cycle.id,
          code: cycle.code,
          name: cycle.name,
          period_months: cycle.periodMonths,
        })
        .execute();
    } catch (error) {
      if (findConstraintViolation(error)?.constraint === 'bill_cycle_company_id_code_key') {
        throw conflict(
          'BILLING.BILL_CYCLE_CODE_TAKEN',
          `Bill cycle code "${cycle.code}" is already in use in this company: choose another code.`,
        );
      }
      throw error;
    }
    await recordAudit(trx, context, [
      {
        entityType: 'bill-cycle',
        entityId: cycle.id,
        action: 'create',
        changes: createdFields({ ...cycle }),
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'bill-cycle',
        aggregateId: cycle.id,
        eventType: 'bill-cycle.created',
        payload: { ...cycle },
      },
    ]);
    return cycle;
  });
}
