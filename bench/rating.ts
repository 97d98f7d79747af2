// Measures rateBillPeriod on register-read bills (tiered energy, fixed charge, tax), the bill run's common
// case, and prints bills per second. Run: npx tsx bench/rating.ts [seconds]
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { compileTariff, rateBillPeriod, type RegisterRead } from '@open-cis/rating';

const tariff = compileTariff({
  schemaVersion: 1,
  id: 'bench-residential',
  name: 'Residential tiered',
  service: 'electricity',
  versions: [
    {
      id: 'v1',
      effectiveFrom: '2020-01-01',
      components: [
        { kind: 'fixed', id: 'standing', name: 'Standing charge', amount: '0.45', per: 'day' },
        {
          kind: 'energy',
          id: 'energy',
          name: 'Energy',
          tierBasis: 'bill-total',
          periods: [
            {
              period: 0,
              tiers: [
                { upTo: '10', limitUnit: 'kWh/day', price: '0.1123' },
                { upTo: '30', limitUnit: 'kWh/day', price: '0.1456' },
                { limitUnit: 'kWh/day', price: '0.2011' },
              ],
            },
          ],
        },
        {
          kind: 'tax',
          id: 'vat',
          name: 'VAT',
          rate: { kind: 'percent', percent: '21' },
          appliesTo: { kinds: ['fixed', 'energy'] },
        },
      ],
    },
  ],
});

const seconds = Number(process.argv[2] ?? '3');
const settings = { currency: 'EUR', rounding: 'half-up', timeZone: 'Europe/Madrid' } as const;
const periods = Array.from({ length: 12 }, (_, index) => {
  const start = Temporal.PlainDate.from({ year: 2024, month: index + 1, day: 1 });
  return { start, end: start.add({ months: 1 }) };
});
const reads: RegisterRead[][] = Array.from({ length: 1000 }, (_, index) => [
  { measure: 'energy', quantity: new Decimal(150 + ((index * 37) % 900)), readingIds: [`read-${index}`] },
]);

let bills = 0;
let totalMinor = 0n;
const started = process.hrtime.bigint();
const stopAt = started + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < stopAt) {
  for (let index = 0; index < 1000; index++) {
    const result = rateBillPeriod(tariff, {
      period: periods[index % 12] as (typeof periods)[number],
      usage: { kind: 'registers', reads: reads[index] as RegisterRead[] },
      settings,
    });
    if (result.kind !== 'rated') throw new Error(result.detail);
    totalMinor += result.totalMinor;
    bills++;
  }
}
const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  `${bills} bills in ${elapsedSeconds.toFixed(2)} s: ${Math.round(bills / elapsedSeconds)} bills/second (checksum ${totalMinor})\n`,
);
