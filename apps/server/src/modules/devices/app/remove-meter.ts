import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { matchFieldReads } from '../domain/match-field-reads.js';
import type { MeterInstallation } from '../domain/meter.js';
import { removeMeterInputSchema, type RemoveMeterInput } from '../domain/meter-schemas.js';
import { closeInstallation, findOpenInstallation } from '../db/installation-queries.js';
import { insertFieldReads } from '../db/insert-field-reads.js';
import { findMeter, updateMeterStatus } from '../db/meter-queries.js';

/**
 * Removes an installed meter from its service point on `removedOn` (the first day it no longer meters),
 * with the removal read of each consumption register.
 */
export async function removeMeter(
  db: DbOrTrx,
  context: RequestContext,
  input: RemoveMeterInput,
): Promise<MeterInstallation> {
  assertPermission(context, 'devices:write');
  const fields = parseInput(removeMeterInputSchema, input, 'DEVICES.INVALID_REMOVAL');

  return inTransaction(db, async (trx) => {
    const meter = await findMeter(trx, context.companyId, fields.meterId, { forUpdate: true });
    if (!meter)
      throw notFound('DEVICES.METER_NOT_FOUND', `Meter ${fields.meterId} was not found in this company.`);
    const installation = await findOpenInstallation(trx, context.companyId, { meterId: meter.id });
    if (!installation) {
      throw conflict(
        'DEVICES.METER_NOT_INSTALLED',
        `Meter ${meter.serialNumber} is not installed anywhere, so it cannot be removed.`,
      );
    }
    if (fields.removedOn < installation.installedOn) {
      throw ruleViolation(
        'DEVICES.REMOVAL_BEFORE_INSTALLATION',
        `Meter ${meter.serialNumber} was installed on ${installation.installedOn}, so it cannot be removed on ${fields.removedOn}: give a removal date on or after the installation date.`,
        [
          {
            path: 'removedOn',
            message: `${fields.removedOn} is before the installation on ${installation.installedOn}`,
          },
        ],
      );
    }
    const reads = matchFieldReads(meter, fields.reads, 'reads');

    if (!(await closeInstallation(trx, context.companyId, installation.id, fields.removedOn))) {
      throw conflict(
        'DEVICES.METER_NOT_INSTALLED',
        `Meter ${meter.serialNumber} was removed meanwhile: reload and check its history.`,
      );
    }
    await updateMeterStatus(trx, context.companyId, meter.id, ['installed'], 'removed');
    await insertFieldReads(
      trx,
      context.companyId,
      reads.map((read) => ({ ...read, readOn: fields.removedOn, kind: 'removal' as const })),
    );
    const removed: MeterInstallation = { ...installation, removedOn: fields.removedOn };
    await recordAudit(trx, context, [
      {
        entityType: 'meter-installation',
        entityId: installation.id,
        action: 'update',
        changes: { removedOn: [null, fields.removedOn], reads: [null, reads] },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'meter',
        aggregateId: meter.id,
        eventType: 'meter.removed',
        payload: { ...removed, serialNumber: meter.serialNumber },
      },
    ]);
    return removed;
  });
}
