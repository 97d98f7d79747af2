import { parseTariffDefinition } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { buildVendPosting } from '../../src/modules/prepayment/domain/build-vend-posting.js';
import type { DeductionRule } from '../../src/modules/prepayment/domain/deduction-rule.js';
import { emptyMonthToDate } from '../../src/modules/prepayment/domain/month-to-date.js';
import { readVendService } from '../../src/modules/prepayment/domain/prepaid-service.js';
import {
  readPriceBlocks,
  type PrepaidPrices,
  type PriceBlock,
} from '../../src/modules/prepayment/domain/price-blocks.js';
import { quoteVend, type VendQuote } from '../../src/modules/prepayment/domain/quote-vend.js';

type Service = 'electricity' | 'gas' | 'water' | 'sewer';

function tariff(service: Service, components: unknown[], extra: Record<string, unknown> = {}) {
  return parseTariffDefinition({
    schemaVersion: 1,
    id: 'prepaid',
    name: 'Prepaid',
    service,
    versions: [{ id: 'v1', effectiveFrom: '2026-01-01', components, ...extra }],
  });
}

function volume(unit: string, tiers: unknown[], extra: Record<string, unknown> = {}) {
  return { kind: 'volume', id: 'water', name: 'Water', unit, source: { kind: 'metered' }, tiers, ...extra };
}

function energy(tiers: unknown[]) {
  return { kind: 'energy', id: 'energy', tierBasis: 'bill-total', periods: [{ period: 0, tiers }] };
}

const kilolitreBlocks = [
  { upTo: '6', limitUnit: 'volume', price: '12.00' },
  { upTo: '15', limitUnit: 'volume', price: '18.00' },
  { limitUnit: 'volume', price: '25.00' },
];

const gasConversion = {
  gasConversion: { volumeCorrectionFactor: '1.02264', calorificValue: '39.5', calorificValueUnit: 'MJ/m3' },
};

function priced(prices: PrepaidPrices) {
  if (prices.kind !== 'priced') throw new Error(`${prices.field}: ${prices.reason}`);
  return prices;
}

const midMarch = Temporal.Instant.from('2026-03-15T12:00:00Z');

function quoteWith(
  prices: PrepaidPrices,
  tenderedMinor: bigint,
  freeUnitsPerMonth: string | null = null,
): VendQuote {
  const { service, unit, blocks } = priced(prices);
  const result = quoteVend({
    tenderedMinor,
    minorUnitExponent: 2,
    rounding: 'half-up',
    at: midMarch,
    timeZone: 'Africa/Johannesburg',
    channel: 'back-office',
    rules: [],
    service,
    blocks,
    unit,
    monthToDate: emptyMonthToDate('2026-03-01'),
    debtMinor: 0n,
    freeUnitsPerMonth,
  });
  if (result.kind !== 'quoted') throw new Error(result.message);
  return result;
}

describe('prepaid water and gas prices', () => {
  it('reads water blocks per kL as m3', () => {
    const prices = priced(readPriceBlocks(tariff('water', [volume('kL', kilolitreBlocks)])));
    expect(prices).toEqual({
      kind: 'priced',
      service: 'water',
      unit: 'm3',
      blocks: [
        {
          fromUnits: '0',
          toUnits: '6',
          price: '12',
          trace: 'published as 12 per kL up to 6 kL a month; 1 kL = 1 m3',
        },
        {
          fromUnits: '6',
          toUnits: '15',
          price: '18',
          trace: 'published as 18 per kL up to 15 kL a month; 1 kL = 1 m3',
        },
        { fromUnits: '15', toUnits: null, price: '25', trace: 'published as 25 per kL; 1 kL = 1 m3' },
      ],
    });
  });

  it('keeps water blocks per m3 as published', () => {
    const prices = priced(readPriceBlocks(tariff('water', [volume('m3', kilolitreBlocks)])));
    expect(prices.blocks).toEqual([
      { fromUnits: '0', toUnits: '6', price: '12' },
      { fromUnits: '6', toUnits: '15', price: '18' },
      { fromUnits: '15', toUnits: null, price: '25' },
    ]);
  });

  it('converts gallons and rounds limits to a tenth', () => {
    const prices = priced(
      readPriceBlocks(
        tariff('water', [
          volume('gal', [
            { upTo: '2000', limitUnit: 'volume', price: '0.005' },
            { upTo: '6000', limitUnit: 'volume', price: '0.008' },
            { limitUnit: 'volume', price: '0.012' },
          ]),
        ]),
      ),
    );
    // 2000 gal is 7.570823568 m3 and 6000 gal 22.712470704 m3; 0.005 a gallon is 0.005 / 0.003785411784 a m3.
    expect(prices.blocks.map((block) => [block.fromUnits, block.toUnits, block.price])).toEqual([
      ['0', '7.6', '1.3208602617907420769'],
      ['7.6', '22.7', '2.113376418865187323'],
      ['22.7', null, '3.1700646282977809846'],
    ]);
    expect(prices.blocks[0]?.trace).toBe(
      'published as 0.005 per gal up to 2000 gal a month; 1 gal = 0.003785411784 m3',
    );
  });

  it('prices gas per kWh by its calorific value', () => {
    const prices = priced(
      readPriceBlocks(
        tariff(
          'gas',
          [
            energy([
              { upTo: '500', limitUnit: 'kWh', price: '0.05' },
              { limitUnit: 'kWh', price: '0.07' },
            ]),
          ],
          gasConversion,
        ),
      ),
    );
    // 1 m3 = 1.02264 × 39.5 MJ ÷ 3.6 MJ/kWh = 11.2206333… kWh, so 500 kWh is 44.56 m3.
    expect(prices).toMatchObject({ service: 'gas', unit: 'm3' });
    expect(prices.blocks.map((block) => [block.fromUnits, block.toUnits, block.price])).toEqual([
      ['0', '44.6', '0.56103166666666666667'],
      ['44.6', null, '0.78544433333333333333'],
    ]);
    expect(prices.blocks[0]?.trace).toBe(
      'published as 0.05 per kWh up to 500 kWh a month; 1 m3 = 11.2206 kWh (volume correction factor 1.02264 × calorific value 39.5 MJ/m3 ÷ 3.6 MJ/kWh)',
    );
  });

  it('prices gas per ccf', () => {
    const prices = priced(
      readPriceBlocks(tariff('gas', [volume('ccf', [{ limitUnit: 'volume', price: '1.10' }])])),
    );
    expect(prices.blocks).toEqual([
      {
        fromUnits: '0',
        toUnits: null,
        price: '0.38846133393637449275',
        trace: 'published as 1.1 per ccf; 1 ccf = 2.8316846592 m3',
      },
    ]);
    // 10.00 buys 25.74… m3, rounded up to the tenth a token carries.
    expect(quoteWith(prices, 1000n).units).toBe('25.8');
  });

  it('quotes gas blocks in m3', () => {
    const prices = readPriceBlocks(
      tariff(
        'gas',
        [
          energy([
            { upTo: '500', limitUnit: 'kWh', price: '0.05' },
            { limitUnit: 'kWh', price: '0.07' },
          ]),
        ],
        gasConversion,
      ),
    );
    const quote = quoteWith(prices, 3000n);
    // Block 1 whole: 44.6 m3 × 0.5610316… = 25.02; the 4.98 left buys 6.34 m3 at 0.7854443…, rounded up.
    expect(quote.lines.map((line) => [line.block?.number, line.units, line.amountMinor])).toEqual([
      [1, '44.6', 2502n],
      [2, '6.4', 498n],
    ]);
    expect(quote.units).toBe('51.0');
    expect(quote.lines[0]?.description).toBe(
      'Gas, block 1 (0–44.6 m3, published as 0.05 per kWh up to 500 kWh a month; 1 m3 = 11.2206 kWh (volume correction factor 1.02264 × calorific value 39.5 MJ/m3 ÷ 3.6 MJ/kWh))',
    );
  });

  it('words water lines and free basic water', () => {
    const prices = readPriceBlocks(tariff('water', [volume('m3', kilolitreBlocks)]));
    const quote = quoteWith(prices, 10000n, '6.0');
    expect(quote.lines.map((line) => [line.kind, line.description, line.units, line.amountMinor])).toEqual([
      ['energy', 'Water, block 1 (0–6 m3)', '6.0', 7200n],
      ['energy', 'Water, block 2 (6–15 m3)', '1.6', 2800n],
      ['free-units', 'Free basic water for 2026-03, 6.0 m3', '6.0', 0n],
    ]);
    expect(quote.units).toBe('7.6');
    expect(quote.freeUnits).toBe('6.0');
  });

  it('takes a water levy from water purchases only', () => {
    const levy: DeductionRule = {
      id: 'rule-sanitation',
      code: 'sanitation',
      name: 'Sanitation levy',
      kind: 'levy',
      method: 'fixed',
      position: 1,
      amountMinor: 150n,
      percent: null,
      maxPerVendMinor: null,
      maxPerMonthMinor: null,
      channel: null,
      service: 'water',
    };
    const quote = (service: 'electricity' | 'water', blocks: PriceBlock[]) => {
      const result = quoteVend({
        tenderedMinor: 1000n,
        minorUnitExponent: 2,
        rounding: 'half-up',
        at: midMarch,
        timeZone: 'Africa/Johannesburg',
        channel: 'back-office',
        rules: [
          levy,
          {
            ...levy,
            id: 'rule-all',
            code: 'all',
            name: 'Levy on all',
            amountMinor: 50n,
            position: 2,
            service: null,
          },
        ],
        service,
        blocks,
        unit: service === 'water' ? 'm3' : 'kWh',
        monthToDate: emptyMonthToDate('2026-03-01'),
        debtMinor: 0n,
        freeUnitsPerMonth: null,
      });
      if (result.kind !== 'quoted') throw new Error(result.message);
      return result.lines
        .filter((line) => line.kind === 'levy')
        .map((line) => [line.description, line.amountMinor]);
    };
    const flat = [{ fromUnits: '0', toUnits: null, price: '10' }];
    expect(quote('water', flat)).toEqual([
      ['Sanitation levy', 150n],
      ['Levy on all', 50n],
    ]);
    expect(quote('electricity', flat)).toEqual([['Levy on all', 50n]]);
  });

  it('rejects what a water or gas purchase cannot price', () => {
    const cases: [string, ReturnType<typeof tariff>][] = [
      ['service', tariff('sewer', [volume('m3', kilolitreBlocks)])],
      ['components.energy', tariff('water', [energy([{ limitUnit: 'kWh', price: '0.2' }])])],
      ['components.water', tariff('electricity', [volume('m3', kilolitreBlocks)])],
      ['gasConversion', tariff('gas', [energy([{ limitUnit: 'kWh', price: '0.05' }])])],
      [
        'components',
        tariff(
          'gas',
          [energy([{ limitUnit: 'kWh', price: '0.05' }]), volume('m3', kilolitreBlocks)],
          gasConversion,
        ),
      ],
      [
        'components.water.tiers[0].limitUnit',
        tariff('water', [
          volume('m3', [
            { upTo: '0.2', limitUnit: 'volume/day', price: '10' },
            { limitUnit: 'volume', price: '20' },
          ]),
        ]),
      ],
      [
        'components.water.source',
        tariff('water', [
          volume('m3', [{ limitUnit: 'volume', price: '10' }], {
            source: { kind: 'input', input: 'winterAverage', per: 'period' },
          }),
        ]),
      ],
      ['components.water.unit', tariff('water', [volume('acre-ft', [{ limitUnit: 'volume', price: '10' }])])],
      [
        'components.water.tiers[1].upTo',
        tariff('water', [
          volume('gal', [
            { upTo: '100', limitUnit: 'volume', price: '0.01' },
            { upTo: '110', limitUnit: 'volume', price: '0.02' },
            { limitUnit: 'volume', price: '0.03' },
          ]),
        ]),
      ],
      [
        'components.water.tiers[0].upTo',
        tariff('water', [
          volume('m3', [
            { upTo: '6.05', limitUnit: 'volume', price: '10' },
            { limitUnit: 'volume', price: '20' },
          ]),
        ]),
      ],
    ];
    for (const [field, definition] of cases) {
      const prices = readPriceBlocks(definition);
      expect({ field, kind: prices.kind, at: prices.kind === 'not-vendable' ? prices.field : '' }).toEqual({
        field,
        kind: 'not-vendable',
        at: field,
      });
    }
  });

  it('names the gallons that collapse a block', () => {
    const prices = readPriceBlocks(
      tariff('water', [
        volume('gal', [
          { upTo: '100', limitUnit: 'volume', price: '0.01' },
          { upTo: '110', limitUnit: 'volume', price: '0.02' },
          { limitUnit: 'volume', price: '0.03' },
        ]),
      ]),
    );
    expect(prices).toMatchObject({
      kind: 'not-vendable',
      reason: 'block limit 110 gal is 0.4 m3, which does not pass the limit of the block before (0.4 m3)',
    });
  });

  it('credits water to water revenue', () => {
    const lines = quoteWith(readPriceBlocks(tariff('water', [volume('m3', kilolitreBlocks)])), 1200n).lines;
    const posting = (service: 'electricity' | 'gas' | 'water') =>
      buildVendPosting({
        postingId: 'posting',
        vendId: 'vend',
        accountId: 'account',
        accountingDate: '2026-03-15',
        currency: 'ZAR',
        service,
        tenderedMinor: 1200n,
        lines,
        description: 'Prepaid vend',
      }).lines.map((line) => [line.ledgerAccount, line.amountMinor]);
    expect(posting('water')).toEqual([
      ['cash', 1200n],
      ['revenue:water', -1200n],
    ]);
    expect(posting('gas')[1]).toEqual(['revenue:energy', -1200n]);
  });

  it('reads the service of a vend from its credit token', () => {
    const token = (purpose: string, tokenType: string) => ({ purpose, tokenType });
    expect(
      readVendService([
        token('key-change', 'KeyChange1of2'),
        token('credit', 'TransferWaterCredit'),
        token('free-units', 'TransferWaterCredit'),
      ]),
    ).toBe('water');
    expect(readVendService([token('credit', 'TransferGasCredit')])).toBe('gas');
    expect(readVendService([token('credit', 'TransferElectricityCredit')])).toBe('electricity');
    expect(() => readVendService([token('credit', 'TransferTimeCredit')])).toThrow(/TransferTimeCredit/);
  });
});
