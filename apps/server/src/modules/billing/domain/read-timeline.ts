import type { InstalledRegister, StoredRead } from '../db/load-chunk-inputs.js';

/** One meter's stay at a service point, with its registers. */
export type Installation = {
  meterId: string;
  installedOn: string;
  removedOn: string | null;
  registers: InstalledRegister[];
};

const closingKinds = new Set(['actual', 'customer', 'removal']);

/** Groups register rows into installations, oldest first. */
export function groupInstallations(registers: readonly InstalledRegister[]): Installation[] {
  const byKey = new Map<string, Installation>();
  for (const register of registers) {
    const key = `${register.meterId}|${register.installedOn}`;
    let installation = byKey.get(key);
    if (!installation) {
      installation = {
        meterId: register.meterId,
        installedOn: register.installedOn,
        removedOn: register.removedOn,
        registers: [],
      };
      byKey.set(key, installation);
    }
    installation.registers.push(register);
  }
  return [...byKey.values()].sort((a, b) => a.installedOn.localeCompare(b.installedOn));
}

// The period closes on the latest date after its start, up to the target, on which every consumption
// register of the current meter has an actual, customer or removal read.
export function findClosingReadDate(
  registers: readonly InstalledRegister[],
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>,
  start: string,
  target: string,
  installedOn: string,
): string | undefined {
  const datesPerRegister = registers.map(
    (register) =>
      new Set(
        (readsByRegister.get(register.registerId) ?? [])
          .filter(
            (read) =>
              closingKinds.has(read.kind) &&
              read.readOn > start &&
              read.readOn <= target &&
              read.readOn > installedOn,
          )
          .map((read) => read.readOn),
      ),
  );
  const [first, ...others] = datesPerRegister;
  const common = [...(first ?? [])].filter((date) => others.every((dates) => dates.has(date)));
  return common.sort().at(-1);
}

/** Returns the last stored read of a register on a date. */
export function readOn(
  readsByRegister: ReadonlyMap<string, readonly StoredRead[]>,
  registerId: string,
  date: string,
): StoredRead | undefined {
  const reads = readsByRegister.get(registerId) ?? [];
  for (let index = reads.length - 1; index >= 0; index--) {
    const read = reads[index];
    if (read?.readOn === date) return read;
  }
  return undefined;
}
