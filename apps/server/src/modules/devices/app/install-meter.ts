import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { getServicePoint } from '../../premises/index.js';
import { matchFieldReads } from '../domain/match-field-reads.js';
import type { MeterInstallation } from '../domain/meter.js';
import { installMeterInputSchema, type InstallMeterInput } from '../domain/meter-schemas.js';
import { findOverlappingInstallation, insertInstallation } from '../db/installation-queries.js';
import { insertFieldReads } from '../db/insert-field-reads.js';
import { findMeter, updateMeterStatus } from '../db/meter-queries.js';
import { withArticle } from '../../../platform/text/with-article.js';

/**
 * Installs an in-stock or removed meter at a service point of the same service from `installedOn`, with
 * the install read of each consumption register. A meter sits at one service point at a time and a
 * service point has one meter at a time; an overlap is a conflict that names both installations.
 */
export async function installMeter(
  db: DbOrTrx,
  context: RequestContext,
  input: InstallMeterInput,
): Promise<MeterInstallation> {
  assertPermission(context, 'devices:write');
  const fields = parseInput(installMeterInputSchema, input, 'DEVICES.INVALID_INSTALLATION');

  return inTransaction(db, async (trx) => {
    const meter = await findMeter(trx, context.companyId, fields.meterId, { forUpdate: true });
    if (!meter)
      throw notFound('DEVICES.METER_NOT_FOUND', `Meter ${fields.meterId} was not found in this company.`);
    const servicePoint = await getServicePoint(trx, context, fields.servicePointId);
    if (servicePoint.service !== meter.service) {
      throw ruleViolation(
        'DEVICES.SERVICE_MISMATCH',
        `Meter ${meter.serialNumber} meters ${meter.service}, but service point ${servicePoint.id} takes ${servicePoint.service}: pick ${withArticle(servicePoint.service)} meter.`,
        [{ path: 'meterId', message: `meters ${meter.service}, not ${servicePoint.service}` }],
      );
    }
    const reads = matchFieldReads(meter, fields.reads, 'reads');

    const meterOverlap = await findOverlappingInstallation(
      trx,
      context.companyId,
      { meterId: meter.id },
      fields.installedOn,
      null,
    );
    if (meterOverlap) {
      throw conflict(
        'DEVICES.METER_ALREADY_INSTALLED',
        `Meter ${meter.serialNumber} is installed at service point ${meterOverlap.servicePointId} ${describePeriod(meterOverlap)}, which overlaps an installation from ${fields.installedOn}: remove it there first.`,
      );
    }
    const pointOverlap = await findOverlappingInstallation(
      trx,
      context.companyId,
      { servicePointId: servicePoint.id },
      fields.installedOn,
      null,
    );
    if (pointOverlap) {
      throw conflict(
        'DEVICES.SERVICE_POINT_OCCUPIED',
        `Service point ${servicePoint.id} holds meter ${pointOverlap.serialNumber} ${describePeriod(pointOverlap)}, which overlaps an installation from ${fields.installedOn}: remove or exchange that meter instead.`,
      );
    }
    if (!(await updateMeterStatus(trx, context.companyId, meter.id, ['in-stock', 'removed'], 'installed'))) {
      throw conflict(
        'DEVICES.METER_NOT_INSTALLABLE',
        `Meter ${meter.serialNumber} is ${meter.status}; only an in-stock or removed meter can be installed.`,
      );
    }

    const installation: MeterInstallation = {
      id: newId(),
      meterId: meter.id,
      servicePointId: servicePoint.id,
      installedOn: fields.installedOn,
      removedOn: null,
    };
    try {
      await insertInstallation(trx, context.companyId, installation);
    } catch (error) {
      // A concurrent installation that committed after the checks above trips the exclusion constraints.
      if (findConstraintViolation(error)?.sqlState === '23P01') {
        throw conflict(
          'DEVICES.INSTALLATION_OVERLAP',
          `Meter ${meter.serialNumber} or service point ${servicePoint.id} got another installation overlapping ${fields.installedOn} meanwhile: reload and try again.`,
        );
      }
      throw error;
    }
    await insertFieldReads(
      trx,
      context.companyId,
      reads.map((read) => ({ ...read, readOn: fields.installedOn, kind: 'install' as const })),
    );
    await recordAudit(trx, context, [
      {
        entityType: 'meter-installation',
        entityId: installation.id,
        action: 'create',
        changes: createdFields({ ...installation, reads }),
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'meter',
        aggregateId: meter.id,
        eventType: 'meter.installed',
        payload: { ...installation, serialNumber: meter.serialNumber },
      },
    ]);
    return installation;
  });
}

function describePeriod(installation: MeterInstallation): string {
  return installation.removedOn
    ? `from ${installation.installedOn} until ${installation.removedOn}`
    : `since ${installation.installedOn}`;
}
