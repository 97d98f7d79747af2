import { Temporal } from 'temporal-polyfill';
import type { CreateCustomerInput } from '../customers/index.js';
import type { CreatePremiseInput } from '../premises/index.js';
import { computeMonthlyConsumption } from './compute-monthly-consumption.js';
import {
  familyNames,
  givenNames,
  organisationNames,
  streetNames,
  streetSuffixes,
  towns,
} from './demo-directory.js';
import { createSeededRandom } from './seeded-random.js';

/** Position of the customers that carry the edge cases, when the demo has that many customers. */
export const demoEdgeCases = {
  /** The meter is exchanged in the middle of the billed month. */
  meterExchange: 6,
  /** The register rolls over from 99999 to 0 during the billed month. */
  dialRollover: 12,
  /** The read at the end of the billed month is missing, so the bill run estimates it. */
  missingLastRead: [20, 41, 62],
} as const;

const DIALS = 5;
const ROLLOVER = 10 ** DIALS;
const SEED = 20_170_101;

export type DemoHousehold = {
  customer: CreateCustomerInput;
  email: string | null;
  premise: CreatePremiseInput;
  meterSerial: string;
  /** Cumulative register value on each read date, first the install read; null where no read was taken. */
  readValues: (number | null)[];
  /** For the exchanged meter: the old meter's removal value and the new meter's reads after it. */
  exchange?: { removalValue: number; newMeterSerial: string; newReadValue: number };
};

export type DemoPlan = {
  /** First day of the history: meters are installed and read then. */
  historyStart: Temporal.PlainDate;
  /** First day of the billed month; service agreements start here. */
  billedMonthStart: Temporal.PlainDate;
  /** First day after the billed month: the bill run's cut-off and the last read date. */
  cutOff: Temporal.PlainDate;
  /** Read dates, first the install date, then the first of each of the 12 months after it. */
  readDates: Temporal.PlainDate[];
  exchangeOn: Temporal.PlainDate;
  households: DemoHousehold[];
};

/**
 * Builds the demo utility's customers, premises, meters and 12 months of reads as plain data. The same
 * `customers` and `now` always give the same plan, because every choice comes from a seeded generator.
 */
export function planDemoUtility(customers: number, now: Temporal.PlainDate): DemoPlan {
  const random = createSeededRandom(SEED);
  const cutOff = now.with({ day: 1 });
  const billedMonthStart = cutOff.subtract({ months: 1 });
  const historyStart = cutOff.subtract({ months: 12 });
  const readDates = Array.from({ length: 13 }, (_, index) => historyStart.add({ months: index }));
  const exchangeOn = billedMonthStart.add({ days: 14 });

  const households = Array.from({ length: customers }, (_, index): DemoHousehold => {
    const isOrganisation = index % 30 === 29;
    const givenName = random.pick(givenNames);
    const familyName = random.pick(familyNames);
    const organisationName = organisationNames[Math.floor(index / 30) % organisationNames.length]!;
    const handle = isOrganisation
      ? organisationName
          .toLowerCase()
          .replace(/[^a-z]+/g, '.')
          .replace(/\.$/, '')
      : `${givenName}.${familyName}${index}`.toLowerCase();
    const email = random.next() < 0.7 ? `${handle}@example.${random.pick(['com', 'net', 'org'])}` : null;
    const phone = `+1 ${random.pick(['706', '770', '678'])} 555 01${String(random.integer(0, 99)).padStart(2, '0')}`;
    const contacts = [
      ...(email ? [{ kind: 'email' as const, value: email, isPrimary: true }] : []),
      { kind: random.next() < 0.6 ? ('mobile' as const) : ('phone' as const), value: phone, isPrimary: true },
    ];
    const customer: CreateCustomerInput = isOrganisation
      ? { kind: 'organisation', organisationName, preferredLocale: 'en-US', contacts }
      : { kind: 'person', givenName, familyName, preferredLocale: 'en-US', contacts };

    const town = random.pick(towns);
    const premise: CreatePremiseInput = {
      addressLine1: `${random.integer(100, 9899)} ${random.pick(streetNames)} ${random.pick(streetSuffixes)}`,
      city: town.city,
      postalCode: town.postalCode,
      region: 'GA',
      country: 'US',
      location: {
        latitude: (town.latitude + (random.next() - 0.5) * 0.06).toFixed(6),
        longitude: (town.longitude + (random.next() - 0.5) * 0.06).toFixed(6),
      },
    };

    const averageKwh = isOrganisation ? random.integer(1100, 2400) : random.integer(550, 1350);
    const byCalendarMonth = computeMonthlyConsumption(random, averageKwh);
    const used = readDates.slice(0, -1).map((date) => byCalendarMonth[date.month - 1]!);
    const startValue =
      index === demoEdgeCases.dialRollover
        ? ROLLOVER - sum(used.slice(0, -1)) - Math.floor(used.at(-1)! / 2)
        : random.integer(1_000, 60_000);
    const readValues: (number | null)[] = [startValue];
    for (const kwh of used) readValues.push((readValues.at(-1)! + kwh) % ROLLOVER);

    const household: DemoHousehold = {
      customer,
      email,
      premise,
      meterSerial: `JE${String(24_000_000 + index * 7).padStart(8, '0')}`,
      readValues,
    };
    if ((demoEdgeCases.missingLastRead as readonly number[]).includes(index)) readValues[12] = null;
    if (index === demoEdgeCases.meterExchange) {
      const billedKwh = used.at(-1)!;
      const daysBefore = exchangeOn.since(billedMonthStart).days;
      const beforeExchange = Math.round((billedKwh * daysBefore) / billedMonthStart.daysInMonth);
      household.exchange = {
        removalValue: (readValues[11]! + beforeExchange) % ROLLOVER,
        newMeterSerial: `JE${String(25_000_000 + index).padStart(8, '0')}`,
        newReadValue: billedKwh - beforeExchange,
      };
      readValues[12] = null;
    }
    return household;
  });

  return { historyStart, billedMonthStart, cutOff, readDates, exchangeOn, households };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
