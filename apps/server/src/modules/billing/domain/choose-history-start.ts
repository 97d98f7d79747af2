import type { InstalledRegister, StoredRead } from '../db/load-chunk-inputs.js';
import { measureOfUnit } from './measure-of-unit.js';
import { groupInstallations } from './read-timeline.js';

export type HistoryStartRequest = {
  /** First day asked for. */
  periodStart: string;
  agreementStartOn: string;
  /** Registers of every meter installed at the agreement's service point. */
  registers: readonly InstalledRegister[];
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>;
};

/**
 * Chooses the day from which a rate check measures an agreement's register consumption. It is the latest
 * day on or before the requested start, and not before the agreement starts, on which every consumption
 * register of the meter installed that day has a read. A bill run's read period also starts on such a
 * read, the one that closed the bill before. Without such a day it returns the requested start (or the
 * agreement's start, if later), and the billing engine then reports the missing start read.
 */
export function chooseHistoryStart(request: HistoryStartRequest): string {
  const anchor =
    request.agreementStartOn > request.periodStart ? request.agreementStartOn : request.periodStart;
  const installations = groupInstallations(request.registers);
  const readDates = new Set<string>();
  for (const register of request.registers) {
    for (const read of request.readsByRegister.get(register.registerId) ?? []) {
      if (read.readOn <= anchor && read.readOn >= request.agreementStartOn) readDates.add(read.readOn);
    }
  }

  for (const date of [...readDates].sort().reverse()) {
    // On an exchange day the new meter is the one in place: the old one's span ends that day.
    const installed = installations.find(
      (installation) =>
        installation.installedOn <= date &&
        (installation.removedOn === null || installation.removedOn > date),
    );
    const consumption = installed?.registers.filter(
      (register) => register.kind === 'consumption' && measureOfUnit(register.unit) !== 'ignored',
    );
    if (!consumption || consumption.length === 0) continue;
    const everyRegisterRead = consumption.every((register) =>
      (request.readsByRegister.get(register.registerId) ?? []).some((read) => read.readOn === date),
    );
    if (everyRegisterRead) return date;
  }
  return anchor;
}
