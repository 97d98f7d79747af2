import { Decimal } from 'decimal.js';
import type { RegisterRead } from '@open-cis/rating';
import type { DueAgreement, InstalledRegister, StoredRead } from '../db/load-chunk-inputs.js';
import type { EnergyChannel, StoredInterval } from '../db/load-interval-inputs.js';
import type { AgreementUsage, EstimatedReadDraft } from './agreement-usage.js';
import type { EstimationDefaults } from './bill-run.js';
import { computeIntervalUsage } from './compute-interval-usage.js';
import { computeRegisterUsage, touOf } from './compute-register-usage.js';
import { measureOfUnit } from './measure-of-unit.js';
import { isAgreementDue } from './is-agreement-due.js';
import { findClosingReadDate, groupInstallations, readOn } from './read-timeline.js';
import type { SuspectRead } from '../../readings/index.js';

export type UsageRequest = {
  agreement: DueAgreement;
  cutOffOn: string;
  /** Registers of every meter installed at the agreement's service point around the period. */
  registers: readonly InstalledRegister[];
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>;
  /** Profiles and defaults for estimates on a service point with no read history. */
  estimation: EstimationDefaults;
  /** The service point's kWh interval channel and its readings around the period, when it has one. */
  intervalData?: { channel: EnergyChannel; intervals: readonly StoredInterval[] };
  /** Reads of the service point's registers that validation marked suspect. */
  suspectReads: readonly SuspectRead[];
  timeZone: string;
  cyclePeriodMonths: number;
};

/**
 * Works out the read period of an agreement and the consumption behind its bill: from where the last bill
 * ended (or the agreement started) to the latest actual read on or before the cut-off, summed across a
 * meter exchange. Without an actual read the end read is estimated at the cut-off, and the next actual
 * read trues the use up because it is measured from the estimated read. A service point with kWh interval
 * data over the period is billed on them instead, up to the cut-off.
 */
export function computeAgreementUsage(request: UsageRequest): AgreementUsage {
  const { agreement, cutOffOn } = request;
  const start = agreement.billedThrough ?? agreement.startOn;
  const target = [cutOffOn, agreement.endOn, agreement.nextBilledFrom]
    .filter((date): date is string => date !== null)
    .reduce((earliest, date) => (date < earliest ? date : earliest));
  if (start >= target || !isAgreementDue(agreement, start, target, request.cyclePeriodMonths)) {
    return { kind: 'not-due' };
  }
  const suspect = request.suspectReads.find((read) => read.readOn > start && read.readOn <= target);
  if (suspect) {
    return {
      kind: 'exception',
      reasonCode: 'SUSPECT_READ',
      detail: `The read ${suspect.value} on ${suspect.readOn} is suspect (${suspect.reason ?? 'no reason given'}): review it, then correct or confirm it before billing.`,
    };
  }
  if (request.intervalData) {
    const { channel, intervals } = request.intervalData;
    const fromIntervals = computeIntervalUsage(channel, intervals, { start, end: target }, request.timeZone);
    if (fromIntervals) return fromIntervals;
  }

  const installations = groupInstallations(request.registers).filter(
    (installation) => installation.installedOn < target && (installation.removedOn ?? '9999-12-31') > start,
  );
  const current = installations.at(-1);
  if (!current) {
    return {
      kind: 'exception',
      reasonCode: 'NO_METER',
      detail: `No meter is installed at service point ${agreement.servicePointId} between ${start} and ${target}.`,
    };
  }
  const consumptionRegisters = current.registers.filter(
    (register) => register.kind === 'consumption' && measureOfUnit(register.unit) !== 'ignored',
  );
  if (consumptionRegisters.length === 0) {
    return {
      kind: 'exception',
      reasonCode: 'NO_METER',
      detail: `Meter ${current.meterId} has no consumption register to bill.`,
    };
  }
  const end = findClosingReadDate(
    consumptionRegisters,
    request.readsByRegister,
    start,
    target,
    current.installedOn,
  );
  const periodEnd = end ?? target;
  const isEstimated = end === undefined;

  const reads: RegisterRead[] = [];
  const consumption: Record<string, unknown> = {};
  const estimatedReads: EstimatedReadDraft[] = [];
  for (const register of consumptionRegisters) {
    const result = computeRegisterUsage(request, installations, register, start, periodEnd, isEstimated);
    if (result.kind === 'exception') return result;
    reads.push(result.read);
    consumption[register.code] = result.record;
    if (result.estimatedRead) estimatedReads.push(result.estimatedRead);
  }
  for (const register of current.registers.filter((candidate) => candidate.kind === 'demand')) {
    const read = readOn(request.readsByRegister, register.registerId, periodEnd);
    if (!read) continue;
    const quantity = new Decimal(read.value).times(register.multiplier);
    reads.push({ measure: 'demand', quantity, readingIds: [read.id], ...touOf(register) });
    consumption[register.code] = {
      unit: register.unit,
      demandRead: { id: read.id, readOn: read.readOn, value: read.value },
      quantity: quantity.toString(),
    };
  }
  return {
    kind: 'usage',
    periodStart: start,
    periodEnd,
    isEstimated,
    usage: { kind: 'registers', reads },
    consumption,
    estimatedReads,
  };
}
