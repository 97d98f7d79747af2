import { computeMeterPan } from '@open-cis/sts';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, ruleViolation } from '../../../platform/errors/app-error.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { getMeter } from '../../devices/index.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import {
  registerPrepaidMeterBody,
  type RegisterPrepaidMeterInput,
} from '../domain/prepayment-setup-schemas.js';
import { insertPrepaidMeter } from '../db/prepaid-meter-queries.js';

/**
 * Registers the STS identity and key data of an electricity, water or gas meter in the inventory, so that
 * it can be sold to. The inventory meter's service decides the credit token and unit of its vends. The PAN
 * is built from the IIN and DRN, whose own check digit must match. No vending key is given or stored: the
 * token issuer keeps those.
 */
export async function registerPrepaidMeter(
  db: DbOrTrx,
  context: RequestContext,
  input: RegisterPrepaidMeterInput,
): Promise<PrepaidMeter> {
  assertPermission(context, 'prepayment:write');
  const fields = parseInput(registerPrepaidMeterBody, input, 'PREPAYMENT.INVALID_METER');
  const number = computeMeterPan(fields.iin, fields.drn);
  if ('rejections' in number) {
    const messages = number.rejections.map((rejection) => ({
      path: rejection.field,
      message: rejection.message,
    }));
    throw ruleViolation(
      'PREPAYMENT.INVALID_METER',
      `Invalid meter number: ${messages.map((issue) => issue.message).join(' ')}`,
      messages,
    );
  }
  for (const [path, key] of [
    ['key', fields.key],
    ['pendingKey', fields.pendingKey],
  ] as const) {
    if (key?.dkga === '02' && key.ea === '11') {
      throw ruleViolation(
        'PREPAYMENT.INVALID_METER',
        `${path}: DKGA02 derives a 64-bit key, but EA11 needs 128 bits; use DKGA04 or EA07.`,
        [{ path: `${path}.dkga`, message: 'DKGA02 cannot serve EA11' }],
      );
    }
  }
  const meterId = fields.meterId.toLowerCase();

  return inTransaction(db, async (trx) => {
    const inventory = await getMeter(trx, context, meterId);
    const meter: PrepaidMeter = {
      meterId,
      iin: fields.iin,
      drn: fields.drn,
      pan: number.pan,
      service: inventory.service,
      key: fields.key,
      pendingKey: fields.pendingKey ?? null,
      lastTid: fields.lastTid ?? null,
    };
    try {
      await insertPrepaidMeter(trx, context.companyId, meter);
    } catch (error) {
      if (findConstraintViolation(error)?.sqlState !== '23505') throw error;
      throw conflict(
        'PREPAYMENT.METER_ALREADY_PREPAID',
        `Meter ${inventory.serialNumber} or PAN ${meter.pan} is registered for prepayment already.`,
      );
    }
    await recordAudit(trx, context, [
      {
        entityType: 'prepaid-meter',
        entityId: meter.meterId,
        action: 'create',
        changes: createdFields({
          pan: meter.pan,
          service: meter.service,
          ...meter.key,
          pending_key: meter.pendingKey,
          last_tid: meter.lastTid,
        }),
      },
    ]);
    return meter;
  });
}
