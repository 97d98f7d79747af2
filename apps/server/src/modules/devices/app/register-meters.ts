import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Meter } from '../domain/meter.js';
import { registerMeterInputSchema, type RegisterMeterInput } from '../domain/meter-schemas.js';
import { insertMeters } from '../db/meter-queries.js';

const registerMetersInputSchema = z.array(registerMeterInputSchema).min(1).max(10_000);

/**
 * Adds meters with their registers to the inventory (status in-stock) in one transaction, for a single
 * meter or a delivered batch. Serial numbers are unique per company.
 */
export async function registerMeters(
  db: DbOrTrx,
  context: RequestContext,
  inputs: RegisterMeterInput[],
): Promise<Meter[]> {
  const parsed = parseInput(registerMetersInputSchema, inputs, 'DEVICES.INVALID_METER');
  const serials = new Set<string>();
  for (const fields of parsed) {
    if (serials.has(fields.serialNumber)) {
      throw conflict(
        'DEVICES.SERIAL_NUMBER_TAKEN',
        `Serial number ${fields.serialNumber} is listed twice: register each meter once.`,
      );
    }
    serials.add(fields.serialNumber);
  }
  const meters: Meter[] = parsed.map((fields) => {
    const meterId = newId();
    return {
      id: meterId,
      serialNumber: fields.serialNumber,
      model: fields.model ?? null,
      manufacturer: fields.manufacturer ?? null,
      service: fields.service,
      status: 'in-stock',
      registers: fields.registers.map((register) => ({
        id: newId(),
        meterId,
        code: register.code,
        kind: register.kind,
        unit: register.unit,
        dials: register.dials,
        multiplier: register.multiplier,
        touPeriod: register.touPeriod ?? null,
      })),
    };
  });

  return inTransaction(db, async (trx) => {
    try {
      await insertMeters(trx, context.companyId, meters);
    } catch (error) {
      const violation = findConstraintViolation(error);
      if (violation?.constraint === 'meter_company_id_serial_number_key') {
        throw conflict(
          'DEVICES.SERIAL_NUMBER_TAKEN',
          `A meter with this serial number is already registered (${violation.detail ?? 'same serial number'}): check the serial number.`,
        );
      }
      throw error;
    }
    await recordAudit(
      trx,
      context,
      meters.map((meter) => ({
        entityType: 'meter',
        entityId: meter.id,
        action: 'create' as const,
        changes: createdFields({ ...meter }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      meters.map((meter) => ({
        aggregateType: 'meter',
        aggregateId: meter.id,
        eventType: 'meter.registered',
        payload: { meterId: meter.id, serialNumber: meter.serialNumber, service: meter.service },
      })),
    );
    return meters;
  });
}
