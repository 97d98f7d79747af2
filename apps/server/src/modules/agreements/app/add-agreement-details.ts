import { Temporal } from 'temporal-polyfill';
import { hasPermission, type Permission } from '../../../platform/auth/permissions.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import {
  listMeterInstallations,
  listMetersByIds,
  type Meter,
  type MeterInstallation,
} from '../../devices/index.js';
import { listPremisesByIds, listServicePointsByIds } from '../../premises/index.js';
import { listTariffsByIds } from '../../rates/index.js';
import type {
  AgreementDetails,
  InstalledMeter,
  TariffReference,
} from '../domain/agreement-details-schemas.js';
import { isOverlapping, type ServiceAgreement } from '../domain/service-agreement.js';

/**
 * Adds to each agreement its service point with the premise and the meters installed during the
 * agreement, and its tariff's code and name. It reads each kind of record for all agreements at once, so
 * the number of queries stays the same however many agreements there are. Each part needs the read
 * permission of its module, as it would through its own route: without it the part is null.
 */
export async function addAgreementDetails(
  db: DbOrTrx,
  context: RequestContext,
  agreements: ServiceAgreement[],
): Promise<AgreementDetails[]> {
  const granted = context.permissions ?? ['*'];
  const may = (permission: Permission) => hasPermission(granted, permission);
  const servicePointIds = [...new Set(agreements.map((agreement) => agreement.servicePointId))];

  const [servicePoints, tariffs, installations] = await Promise.all([
    may('premises:read') ? listServicePointsByIds(db, context, servicePointIds) : [],
    may('rates:read')
      ? listTariffsByIds(db, context, [...new Set(agreements.map((agreement) => agreement.tariffId))])
      : [],
    may('devices:read') ? listMeterInstallations(db, context, { servicePointIds }) : undefined,
  ]);
  const [premises, meters] = await Promise.all([
    listPremisesByIds(db, context, [...new Set(servicePoints.map((point) => point.premiseId))]),
    listMetersByIds(db, context, [
      ...new Set((installations ?? []).map((installation) => installation.meterId)),
    ]),
  ]);

  const pointsById = new Map(servicePoints.map((point) => [point.id, point]));
  const premisesById = new Map(premises.map((premise) => [premise.id, premise]));
  const tariffsById = new Map(
    tariffs.map((tariff): [string, TariffReference] => [
      tariff.id,
      { id: tariff.id, code: tariff.code, name: tariff.name },
    ]),
  );
  const metersById = new Map(meters.map((meter) => [meter.id, meter]));

  return agreements.map((agreement) => {
    const point = pointsById.get(agreement.servicePointId);
    const premise = point && premisesById.get(point.premiseId);
    return {
      ...agreement,
      servicePoint:
        point && premise
          ? {
              ...point,
              premise,
              meters: installations ? metersDuring(agreement, installations, metersById) : null,
            }
          : null,
      tariff: tariffsById.get(agreement.tariffId) ?? null,
    };
  });
}

/** Lists the meters installed at the agreement's service point on any day of the agreement, newest first. */
function metersDuring(
  agreement: ServiceAgreement,
  installations: MeterInstallation[],
  metersById: Map<string, Meter>,
): InstalledMeter[] {
  const installed: InstalledMeter[] = [];
  for (const installation of installations) {
    if (installation.servicePointId !== agreement.servicePointId) continue;
    const span = { startOn: installation.installedOn, endOn: installation.removedOn };
    const meter = metersById.get(installation.meterId);
    if (!meter || !isOverlapping(span, agreement)) continue;
    installed.push({
      installationId: installation.id,
      meterId: meter.id,
      serialNumber: meter.serialNumber,
      manufacturer: meter.manufacturer,
      model: meter.model,
      installedOn: installation.installedOn,
      removedOn: installation.removedOn,
      registers: meter.registers,
    });
  }
  // Installations at one service point never overlap, so the install date orders them.
  return installed.sort((first, second) => Temporal.PlainDate.compare(second.installedOn, first.installedOn));
}
