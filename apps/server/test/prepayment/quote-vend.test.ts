import { parseTariffDefinition } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { DeductionRule } from '../../src/modules/prepayment/domain/deduction-rule.js';
import { emptyMonthToDate, type MonthToDate } from '../../src/modules/prepayment/domain/month-to-date.js';
import { readPriceBlocks, type PriceBlock } from '../../src/modules/prepayment/domain/price-blocks.js';
import {
  quoteVend,
  type QuoteVendInput,
  type VendQuote,
} from '../../src/modules/prepayment/domain/quote-vend.js';
import { computeVendMonth } from '../../src/modules/prepayment/domain/vend-month.js';

const flat: PriceBlock[] = [{ fromUnits: '0', toUnits: null, price: '0.20' }];
const inclining: PriceBlock[] = [
  { fromUnits: '0', toUnits: '50', price: '0.10' },
  { fromUnits: '50', toUnits: '350', price: '0.20' },
  { fromUnits: '350', toUnits: null, price: '0.30' },
];

const midMarch = Temporal.Instant.from('2026-03-15T12:00:00Z');

function aQuote(overrides: Partial<QuoteVendInput> = {}): QuoteVendInput {
  return {
    tenderedMinor: 1000n,
    minorUnitExponent: 2,
    rounding: 'half-up',
    at: midMarch,
    timeZone: 'America/New_York',
    channel: 'back-office',
    rules: [],
    service: 'electricity',
    blocks: flat,
    unit: 'kWh',
    monthToDate: emptyMonthToDate('2026-03-01'),
    debtMinor: 0n,
    freeUnitsPerMonth: null,
    ...overrides,
  };
}

function aRule(overrides: Partial<DeductionRule> & Pick<DeductionRule, 'kind' | 'method'>): DeductionRule {
  return {
    id: `rule-${overrides.kind}`,
    code: overrides.kind,
    name: overrides.kind,
    position: 1,
    amountMinor: null,
    percent: null,
    maxPerVendMinor: null,
    maxPerMonthMinor: null,
    channel: null,
    service: null,
    ...overrides,
  };
}

function quoted(input: QuoteVendInput): VendQuote {
  const result = quoteVend(input);
  if (result.kind !== 'quoted') throw new Error(result.message);
  const sum = result.lines.reduce((total, line) => total + line.amountMinor, 0n);
  expect(sum).toBe(input.tenderedMinor);
  return result;
}

function monthOf(vendMonth: string, unitsPurchased: string, extra: Partial<MonthToDate> = {}): MonthToDate {
  return { ...emptyMonthToDate(vendMonth), unitsPurchased, ...extra };
}

describe('quoteVend', () => {
  it('buys flat-priced units', () => {
    const quote = quoted(aQuote());
    expect(quote.units).toBe('50.0');
    expect(quote.lines).toEqual([
      {
        kind: 'energy',
        deductionRuleId: null,
        description: 'Energy',
        amountMinor: 1000n,
        units: '50.0',
        unitPrice: '0.20',
        block: { number: 1, fromUnits: '0', toUnits: null },
      },
    ]);
  });

  it('splits units across inclining blocks', () => {
    const quote = quoted(aQuote({ blocks: inclining, monthToDate: monthOf('2026-03-01', '40') }));
    expect(quote.lines.map((line) => [line.block?.number, line.units, line.amountMinor])).toEqual([
      [1, '10.0', 100n],
      [2, '45.0', 900n],
    ]);
    expect(quote.units).toBe('55.0');
  });

  it('rounds the last block up to a tenth', () => {
    const quote = quoted(aQuote({ tenderedMinor: 1001n }));
    // 10.01 at 0.20 buys 50.05 units; the token carries 50.1.
    expect(quote.units).toBe('50.1');
    expect(quote.energyMinor).toBe(1001n);
  });

  it('crosses every block in one large purchase', () => {
    const quote = quoted(aQuote({ tenderedMinor: 10_000n, blocks: inclining }));
    expect(quote.lines.map((line) => [line.units, line.amountMinor])).toEqual([
      ['50.0', 500n],
      ['300.0', 6000n],
      ['116.7', 3500n],
    ]);
    expect(quote.units).toBe('466.7');
  });

  it('grants a free block whole', () => {
    const blocks: PriceBlock[] = [
      { fromUnits: '0', toUnits: '20', price: '0' },
      { fromUnits: '20', toUnits: null, price: '0.25' },
    ];
    const quote = quoted(aQuote({ tenderedMinor: 500n, blocks }));
    expect(quote.lines.map((line) => [line.units, line.amountMinor])).toEqual([
      ['20.0', 0n],
      ['20.0', 500n],
    ]);
  });

  it('prices in currencies with 0 and 3 decimals', () => {
    const yen = quoted(
      aQuote({ tenderedMinor: 3000n, minorUnitExponent: 0, blocks: [{ ...flat[0]!, price: '31' }] }),
    );
    expect(yen.units).toBe('96.8');
    const dinar = quoted(
      aQuote({ tenderedMinor: 5000n, minorUnitExponent: 3, blocks: [{ ...flat[0]!, price: '0.025' }] }),
    );
    expect(dinar.units).toBe('200.0');
  });
});

describe('quoteVend month boundaries', () => {
  const lastMonth = monthOf('2026-03-01', '400');

  it('keeps counting within the month', () => {
    const quote = quoted(aQuote({ blocks: inclining, monthToDate: lastMonth }));
    expect(quote.lines[0]?.block?.number).toBe(3);
  });

  it('starts again at local midnight on the first', () => {
    const beforeMidnight = quoted(
      aQuote({
        at: Temporal.Instant.from('2026-04-01T03:59:00Z'),
        blocks: inclining,
        monthToDate: lastMonth,
      }),
    );
    expect(beforeMidnight.vendMonth).toBe('2026-03-01');
    expect(beforeMidnight.lines[0]?.block?.number).toBe(3);

    const afterMidnight = quoted(
      aQuote({
        at: Temporal.Instant.from('2026-04-01T04:00:00Z'),
        blocks: inclining,
        monthToDate: lastMonth,
      }),
    );
    expect(afterMidnight.vendMonth).toBe('2026-04-01');
    expect(afterMidnight.lines[0]?.block?.number).toBe(1);
  });

  it('uses the offset in force at the boundary', () => {
    // March began on EST (UTC-5) and April begins on EDT (UTC-4): 04:30Z is 00:30 on 1 April.
    const april = computeVendMonth(Temporal.Instant.from('2026-04-01T04:30:00Z'), 'America/New_York');
    expect(april.vendMonth).toBe('2026-04-01');
    expect(april.start.toString()).toBe('2026-04-01T04:00:00Z');
    const march = computeVendMonth(Temporal.Instant.from('2026-03-15T12:00:00Z'), 'America/New_York');
    expect(march.start.toString()).toBe('2026-03-01T05:00:00Z');
    expect(march.end.toString()).toBe('2026-04-01T04:00:00Z');
  });

  it('resets on a first day with 25 hours', () => {
    // 1 November 2026 in New York repeats 01:00–02:00; both 01:30s are in November.
    const october = monthOf('2026-10-01', '400');
    for (const instant of ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z']) {
      const quote = quoted(
        aQuote({ at: Temporal.Instant.from(instant), blocks: inclining, monthToDate: october }),
      );
      expect({ instant, month: quote.vendMonth, block: quote.lines[0]?.block?.number }).toEqual({
        instant,
        month: '2026-11-01',
        block: 1,
      });
    }
    const lastMinute = quoted(
      aQuote({ at: Temporal.Instant.from('2026-11-01T03:59:00Z'), blocks: inclining, monthToDate: october }),
    );
    expect(lastMinute.vendMonth).toBe('2026-10-01');
  });

  it('resets on a first day without a midnight', () => {
    // Asunción moved from UTC-4 to UTC-3 at 00:00 on 1 October 2023, so that day began at 01:00.
    const october = computeVendMonth(Temporal.Instant.from('2023-10-01T04:00:00Z'), 'America/Asuncion');
    expect(october.vendMonth).toBe('2023-10-01');
    expect(october.start.toString()).toBe('2023-10-01T04:00:00Z');
    const september = computeVendMonth(Temporal.Instant.from('2023-10-01T03:59:00Z'), 'America/Asuncion');
    expect(september.vendMonth).toBe('2023-09-01');
    expect(september.accountingDate).toBe('2023-09-30');
  });
});

describe('quoteVend deductions', () => {
  it('takes deductions in position order', () => {
    const rules = [
      aRule({ kind: 'tax', method: 'included-percent', percent: '15', position: 3 }),
      aRule({ kind: 'channel-fee', method: 'fixed', amountMinor: 50n, position: 1 }),
      aRule({ kind: 'levy', method: 'fixed', amountMinor: 10n, position: 2 }),
    ];
    const quote = quoted(aQuote({ tenderedMinor: 1210n, rules }));
    expect(quote.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
      ['channel-fee', 50n],
      ['levy', 10n],
      ['tax', 150n],
      ['energy', 1000n],
    ]);
    expect(quote.deductionsMinor).toBe(210n);
  });

  it('rounds percentages with the company mode', () => {
    const rules = [aRule({ kind: 'channel-fee', method: 'percent', percent: '2.5' })];
    // 2.5% of 1010 is 25.25 minor units; 2.5% of 1020 is 25.5.
    expect(quoted(aQuote({ tenderedMinor: 1010n, rules })).lines[0]?.amountMinor).toBe(25n);
    expect(quoted(aQuote({ tenderedMinor: 1020n, rules })).lines[0]?.amountMinor).toBe(26n);
    expect(quoted(aQuote({ tenderedMinor: 1020n, rules, rounding: 'half-even' })).lines[0]?.amountMinor).toBe(
      26n,
    );
    expect(quoted(aQuote({ tenderedMinor: 1060n, rules, rounding: 'half-even' })).lines[0]?.amountMinor).toBe(
      26n,
    );
  });

  it('caps debt recovery by the debt', () => {
    const rules = [aRule({ kind: 'debt-recovery', method: 'percent', percent: '25' })];
    expect(quoted(aQuote({ rules, debtMinor: 5000n })).lines[0]?.amountMinor).toBe(250n);
    expect(quoted(aQuote({ rules, debtMinor: 120n })).lines[0]?.amountMinor).toBe(120n);
    expect(quoted(aQuote({ rules, debtMinor: -300n })).lines.map((line) => line.kind)).toEqual(['energy']);
  });

  it('caps debt recovery per vend and per month', () => {
    const rules = [
      aRule({
        kind: 'debt-recovery',
        method: 'percent',
        percent: '50',
        maxPerVendMinor: 300n,
        maxPerMonthMinor: 1000n,
      }),
    ];
    expect(quoted(aQuote({ rules, debtMinor: 5000n })).lines[0]?.amountMinor).toBe(300n);
    const collected = monthOf('2026-03-01', '0', {
      collectedByRule: new Map([['debt-recovery', 900n]]),
    });
    expect(quoted(aQuote({ rules, debtMinor: 5000n, monthToDate: collected })).lines[0]?.amountMinor).toBe(
      100n,
    );
    const nextMonth = quoted(
      aQuote({
        rules,
        debtMinor: 5000n,
        monthToDate: collected,
        at: Temporal.Instant.from('2026-04-02T12:00:00Z'),
      }),
    );
    expect(nextMonth.lines[0]?.amountMinor).toBe(300n);
  });

  it('spreads a monthly charge over the first purchases', () => {
    const rule = aRule({
      kind: 'fixed-charge',
      method: 'monthly',
      amountMinor: 1000n,
      maxPerVendMinor: 400n,
    });
    let monthToDate = emptyMonthToDate('2026-03-01');
    const charges: bigint[] = [];
    for (let purchase = 0; purchase < 4; purchase++) {
      const quote = quoted(aQuote({ rules: [rule], monthToDate }));
      const charge = quote.lines.find((line) => line.kind === 'fixed-charge')?.amountMinor ?? 0n;
      charges.push(charge);
      const before = monthToDate.collectedByRule.get(rule.code) ?? 0n;
      monthToDate = { ...monthToDate, collectedByRule: new Map([[rule.code, before + charge]]) };
    }
    expect(charges).toEqual([400n, 400n, 200n, 0n]);
    const april = quoted(
      aQuote({ rules: [rule], monthToDate, at: Temporal.Instant.from('2026-04-10T12:00:00Z') }),
    );
    expect(april.lines[0]).toMatchObject({ kind: 'fixed-charge', amountMinor: 400n });
  });

  it('takes a monthly charge whole from a large purchase', () => {
    const rule = aRule({ kind: 'fixed-charge', method: 'monthly', amountMinor: 1000n });
    const quote = quoted(aQuote({ tenderedMinor: 3000n, rules: [rule] }));
    expect(quote.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
      ['fixed-charge', 1000n],
      ['energy', 2000n],
    ]);
  });

  it('rejects a purchase the deductions take whole', () => {
    const rule = aRule({
      kind: 'fixed-charge',
      method: 'monthly',
      amountMinor: 1500n,
      name: 'Service charge',
    });
    const result = quoteVend(aQuote({ rules: [rule] }));
    expect(result).toMatchObject({ kind: 'rejected', code: 'NOTHING_LEFT_FOR_ENERGY', field: 'amountMinor' });
    if (result.kind === 'rejected') expect(result.message).toContain('Service charge 1000');
  });

  it('applies channel rules to their channel only', () => {
    const rules = [aRule({ kind: 'channel-fee', method: 'fixed', amountMinor: 100n, channel: 'api' })];
    expect(quoted(aQuote({ rules })).lines.map((line) => line.kind)).toEqual(['energy']);
    expect(quoted(aQuote({ rules, channel: 'api' })).lines.map((line) => line.kind)).toEqual([
      'channel-fee',
      'energy',
    ]);
  });
});

describe('quoteVend free basic units', () => {
  it('issues the allowance once a month', () => {
    const first = quoted(aQuote({ freeUnitsPerMonth: '50' }));
    expect(first.freeUnits).toBe('50.0');
    expect(first.lines.at(-1)).toMatchObject({ kind: 'free-units', amountMinor: 0n, units: '50.0' });
    expect(first.units).toBe('50.0');

    const issued = monthOf('2026-03-01', '50', { freeUnitsIssued: true });
    const second = quoted(aQuote({ freeUnitsPerMonth: '50', monthToDate: issued }));
    expect(second.freeUnits).toBe('0.0');
    expect(second.lines.map((line) => line.kind)).toEqual(['energy']);

    const april = quoted(
      aQuote({
        freeUnitsPerMonth: '50',
        monthToDate: issued,
        at: Temporal.Instant.from('2026-04-01T04:00:00Z'),
      }),
    );
    expect(april.freeUnits).toBe('50.0');
  });

  it('keeps free units out of the block count', () => {
    const quote = quoted(aQuote({ freeUnitsPerMonth: '50', blocks: inclining, tenderedMinor: 500n }));
    expect(quote.lines.filter((line) => line.kind === 'energy').map((line) => line.block?.number)).toEqual([
      1,
    ]);
  });
});

describe('readPriceBlocks', () => {
  const tariff = (components: unknown[]) =>
    parseTariffDefinition({
      schemaVersion: 1,
      id: 'prepaid',
      name: 'Prepaid',
      service: 'electricity',
      versions: [{ id: 'v1', effectiveFrom: '2026-01-01', components }],
    });
  const energy = (tiers: unknown[], extra: Record<string, unknown> = {}) => ({
    kind: 'energy',
    id: 'energy',
    tierBasis: 'bill-total',
    periods: [{ period: 0, tiers }],
    ...extra,
  });

  it('reads inclining blocks', () => {
    const prices = readPriceBlocks(
      tariff([
        energy([
          { upTo: '50', limitUnit: 'kWh', price: '0.10' },
          { upTo: '350', limitUnit: 'kWh', price: '0.20' },
          { limitUnit: 'kWh', price: '0.30' },
        ]),
      ]),
    );
    // The rating parser stores decimals in canonical form, so "0.10" reads back as "0.1".
    expect(prices).toEqual({
      kind: 'priced',
      service: 'electricity',
      unit: 'kWh',
      blocks: [
        { fromUnits: '0', toUnits: '50', price: '0.1' },
        { fromUnits: '50', toUnits: '350', price: '0.2' },
        { fromUnits: '350', toUnits: null, price: '0.3' },
      ],
    });
  });

  it('rejects what a purchase cannot price', () => {
    const cases: [string, unknown[]][] = [
      [
        'components',
        [
          energy([{ limitUnit: 'kWh', price: '0.2' }]),
          { kind: 'fixed', id: 'standing', amount: '5', per: 'month' },
        ],
      ],
      [
        'components.energy.periods[0].tiers[0].limitUnit',
        [
          energy([
            { upTo: '5', limitUnit: 'kWh/day', price: '0.1' },
            { limitUnit: 'kWh', price: '0.2' },
          ]),
        ],
      ],
      [
        'components.energy.periods[0].tiers[0].upTo',
        [
          energy([
            { upTo: '5.05', limitUnit: 'kWh', price: '0.1' },
            { limitUnit: 'kWh', price: '0.2' },
          ]),
        ],
      ],
      ['components.energy.periods[0].tiers', [energy([{ limitUnit: 'kWh', price: '0' }])]],
    ];
    for (const [field, components] of cases) {
      const prices = readPriceBlocks(tariff(components));
      expect({ field, kind: prices.kind, at: prices.kind === 'not-vendable' ? prices.field : '' }).toEqual({
        field,
        kind: 'not-vendable',
        at: field,
      });
    }
  });
});
