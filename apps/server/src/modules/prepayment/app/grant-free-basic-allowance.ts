import { Decimal } from 'decimal.js';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, invalidInput } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { getAccountRef } from '../../ledger/index.js';
import type { FreeBasicAllowance } from '../domain/free-basic-allowance.js';
import { creditTokenOfService } from '../domain/prepaid-service.js';
import {
  grantFreeBasicAllowanceBody,
  type GrantFreeBasicAllowanceInput,
} from '../domain/prepayment-setup-schemas.js';
import { insertFreeBasicAllowance } from '../db/free-basic-allowance-queries.js';

/**
 * Grants an account free basic units of a service each month over [startOn, endOn), such as 50 kWh of
 * electricity or 6 m³ of water. An account has at most one allowance of a service on any day.
 */
export async function grantFreeBasicAllowance(
  db: DbOrTrx,
  context: RequestContext,
  input: GrantFreeBasicAllowanceInput,
): Promise<FreeBasicAllowance> {
  assertPermission(context, 'prepayment:write');
  const fields = parseInput(grantFreeBasicAllowanceBody, input, 'PREPAYMENT.INVALID_REQUEST');
  if (fields.endOn !== undefined && fields.endOn <= fields.startOn) {
    throw invalidInput(
      'PREPAYMENT.INVALID_REQUEST',
      `endOn ${fields.endOn} must be after startOn ${fields.startOn}.`,
      [{ path: 'endOn', message: `Expected a day after ${fields.startOn}, got ${fields.endOn}.` }],
    );
  }
  const allowance: FreeBasicAllowance = {
    id: newId(),
    accountId: fields.accountId.toLowerCase(),
    service: fields.service,
    unitsPerMonth: new Decimal(fields.unitsPerMonth).toFixed(1),
    unit: creditTokenOfService[fields.service].unit,
    startOn: fields.startOn,
    endOn: fields.endOn ?? null,
  };
  return inTransaction(db, async (trx) => {
    await getAccountRef(trx, context.companyId, allowance.accountId);
    try {
      await insertFreeBasicAllowance(trx, context.companyId, allowance);
    } catch (error) {
      if (findConstraintViolation(error)?.sqlState !== '23P01') throw error;
      throw conflict(
        'PREPAYMENT.ALLOWANCE_OVERLAP',
        `Account ${allowance.accountId} already has a free basic ${allowance.service} allowance on some of these days: end that one first.`,
      );
    }
    await recordAudit(trx, context, [
      {
        entityType: 'free-basic-allowance',
        entityId: allowance.id,
        action: 'create',
        changes: createdFields({ ...allowance }),
      },
    ]);
    return allowance;
  });
}
