import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { RegisterReadKind } from '../../../platform/db/schema.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { getMeter } from '../../devices/index.js';
import { findServicePoint } from '../db/find-service-point.js';
import {
  listRegisterReadsForBilling,
  type BillingInstallation,
  type BillingRegister,
  type ServicePointReads,
} from '../db/list-register-reads-for-billing.js';
import { computeReadPeriods, type ReadPeriod } from '../domain/compute-read-periods.js';

/** First and last read day, both included. */
export type ReadWindow = { from: string; to: string };

/** One register of a meter during one installation, with its reads in the window and the use between them. */
export type RegisterReadHistory = Omit<BillingInstallation, 'installationId' | 'registers'> &
  BillingRegister & {
    servicePointId: string;
    reads: {
      id: string;
      readOn: string;
      value: string;
      kind: RegisterReadKind;
      status: 'valid' | 'suspect';
      statusReason: string | null;
    }[];
    /** Periods between valid reads. The first starts on the last valid read before the window, if any. */
    periods: ReadPeriod[];
  };

/**
 * Lists the registers of every meter installed at the service point during the window, oldest
 * installation first, with their valid and suspect reads and the use between consecutive valid reads.
 */
export async function listServicePointReadPeriods(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
  window: ReadWindow,
): Promise<RegisterReadHistory[]> {
  if (!(await findServicePoint(db, companyId, servicePointId))) {
    throw notFound(
      'READINGS.SERVICE_POINT_NOT_FOUND',
      `Service point ${servicePointId} does not exist in this company.`,
    );
  }
  const byPoint = await loadWindow(db, companyId, [servicePointId], window);
  return [...byPoint.values()].flatMap((point) => histories(point, point.installations));
}

/**
 * Lists the registers of a meter for each installation that overlaps the window, with their reads and
 * the use between them. Reads taken while the meter was installed nowhere are not listed.
 */
export async function listMeterReadPeriods(
  db: DbOrTrx,
  context: RequestContext,
  meterId: string,
  window: ReadWindow,
): Promise<RegisterReadHistory[]> {
  const meter = await getMeter(db, context, meterId);
  const servicePointIds = meter.installations
    .filter((installation) => installation.installedOn <= window.to)
    .filter((installation) => installation.removedOn === null || installation.removedOn >= window.from)
    .map((installation) => installation.servicePointId);
  const byPoint = await loadWindow(db, context.companyId, [...new Set(servicePointIds)], window);
  return [...byPoint.values()]
    .flatMap((point) =>
      histories(
        point,
        point.installations.filter((installation) => installation.meterId === meterId),
      ),
    )
    .sort((a, b) => a.installedOn.localeCompare(b.installedOn) || a.code.localeCompare(b.code));
}

function loadWindow(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: string[],
  window: ReadWindow,
): Promise<Map<string, ServicePointReads>> {
  return listRegisterReadsForBilling(
    db,
    companyId,
    servicePointIds,
    Temporal.PlainDate.from(window.from),
    Temporal.PlainDate.from(window.to),
  );
}

function histories(
  point: ServicePointReads,
  installations: readonly BillingInstallation[],
): RegisterReadHistory[] {
  return installations.flatMap((installation) =>
    installation.registers.map((register) => {
      // A meter that moved keeps its registers, so only the reads of this stay belong to this history.
      const installed = (readOn: string) =>
        readOn >= installation.installedOn &&
        (installation.removedOn === null || readOn <= installation.removedOn);
      const before = point.readsBefore.filter(
        (read) => read.registerId === register.registerId && installed(read.readOn),
      );
      const valid = point.reads.filter(
        (read) => read.registerId === register.registerId && installed(read.readOn),
      );
      const suspect = point.suspectReads.filter(
        (read) => read.registerId === register.registerId && installed(read.readOn),
      );
      const reads: RegisterReadHistory['reads'] = [
        ...valid.map((read) => ({ ...toListedRead(read), status: 'valid' as const, statusReason: null })),
        ...suspect.map((read) => ({
          ...toListedRead(read),
          status: 'suspect' as const,
          statusReason: read.reason,
        })),
      ].sort((a, b) => a.readOn.localeCompare(b.readOn));
      return {
        servicePointId: point.servicePointId,
        meterId: installation.meterId,
        meterSerial: installation.meterSerial,
        installedOn: installation.installedOn,
        removedOn: installation.removedOn,
        registerId: register.registerId,
        code: register.code,
        kind: register.kind,
        unit: register.unit,
        dials: register.dials,
        multiplier: register.multiplier,
        touPeriod: register.touPeriod,
        reads,
        periods: computeReadPeriods(
          {
            meterId: installation.meterId,
            kind: register.kind,
            dials: register.dials,
            multiplier: register.multiplier,
          },
          [...before, ...valid],
        ),
      };
    }),
  );
}

function toListedRead(read: { id: string; readOn: string; value: string; kind: RegisterReadKind }) {
  return { id: read.id, readOn: read.readOn, value: read.value, kind: read.kind };
}
