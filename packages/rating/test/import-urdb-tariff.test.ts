import { readFileSync, readdirSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  compileTariff,
  importUrdbTariff,
  parseTariffDefinition,
  TariffError,
  type ComponentDefinition,
  type TariffDefinition,
} from '../src/index.js';
import { sharedData } from './support/read-load-file.js';

const folder = `${sharedData}/tariffs/urdb`;
const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
const read = (name: string): string => readFileSync(`${folder}/${name}`, 'utf8');

/** Finds a component of the only version by id, failing the test when it is missing. */
function componentOf(definition: TariffDefinition, id: string): ComponentDefinition {
  const component = definition.versions[0]?.components.find((candidate) => candidate.id === id);
  if (!component) throw new Error(`no component ${id}`);
  return component;
}

function importError(run: () => unknown): TariffError {
  try {
    run();
  } catch (error) {
    if (error instanceof TariffError) return error;
    throw error;
  }
  throw new Error('expected a TariffError');
}

describe('importUrdbTariff', () => {
  it.each(files)('imports and compiles %s', (name) => {
    const { definition } = importUrdbTariff(read(name), { hpDemand: 'convert' });
    expect(() => compileTariff(definition)).not.toThrow();
    expect(definition.versions).toHaveLength(1);
  });

  it.each([
    ['seward-county-d28-missing-schedule.json', 'energyweekdayschedule[0][0]', 1],
    ['dixie-escalante-net-metering-missing-rate.json', 'energyratestructure[0][0].rate', undefined],
  ])('rejects invalid/%s naming the field', (name, field, value) => {
    const error = importError(() => importUrdbTariff(read(`invalid/${name}`)));
    expect(error.field).toBe(field);
    expect(error.value).toBe(value);
    expect(error.message).toContain(field);
  });

  it('accepts the API wrapper and a double-encoded string', () => {
    const bare = JSON.parse(read('xcel-colorado-residential-re-tou.json')) as unknown;
    const expected = importUrdbTariff(bare).definition;
    expect(importUrdbTariff({ items: [bare] }).definition).toEqual(expected);
    expect(importUrdbTariff(JSON.stringify(JSON.stringify({ items: [bare] }))).definition).toEqual(expected);
  });

  it('prices rate + adj and reads Unix-second dates', () => {
    const { definition } = importUrdbTariff(read('xcel-colorado-residential-re-tou.json'));
    const energy = componentOf(definition, 'energy');
    if (energy.kind !== 'energy') throw new Error(`energy component is ${energy.kind}`);
    expect(energy.periods[0]?.tiers[0]?.price).toBe('0.099057');
    expect(definition.versions[0]?.effectiveFrom).toBe('2021-10-01');
  });

  it('reads string dates and the kWh/kW tier unit', () => {
    const jackson = importUrdbTariff(read('jackson-emc-residential-a.json')).definition;
    expect(jackson.versions[0]?.effectiveFrom).toBe('2017-01-01');
    const energy = componentOf(
      importUrdbTariff(read('south-central-ppd-lp1-large-power.json')).definition,
      'energy',
    );
    if (energy.kind !== 'energy') throw new Error(`energy component is ${energy.kind}`);
    expect(energy.periods[0]?.tiers.map((tier) => tier.limitUnit)).toEqual(['kWh/kW', 'kWh/kW']);
  });

  it('drops sentinel max values and reads float schedules', () => {
    const { definition, warnings } = importUrdbTariff(read('synthetic-nrel-urdbv7.json'));
    const demand = componentOf(definition, 'demand-tou');
    if (demand.kind !== 'demand') throw new Error(`demand-tou component is ${demand.kind}`);
    expect(demand.periods[0]?.tiers.map((tier) => tier.upTo)).toEqual(['100', undefined]);
    const flat = componentOf(definition, 'demand-flat');
    if (flat.kind !== 'demand') throw new Error(`demand-flat component is ${flat.kind}`);
    expect(flat.periodByMonth).toEqual([0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1]);
    expect(warnings.map((warning) => warning.field)).toContain('startdate');
  });

  it('reports ignored billing fields as warnings', () => {
    const reactive = importUrdbTariff(read('sce-tou-8-b.json')).warnings.map((warning) => warning.field);
    expect(reactive).toEqual(expect.arrayContaining(['demandreactivepowercharge', 'peakkwcapacitymax']));
    const attrs = importUrdbTariff(read('pge-e19-secondary.json')).warnings.map((warning) => warning.field);
    expect(attrs).toEqual(expect.arrayContaining(['energyattrs', 'demandattrs', 'dgrules']));
  });

  it('needs an explicit mapping for hp demand', () => {
    const document = read('missoula-electric-irrigation-5-10-hp.json');
    const error = importError(() => importUrdbTariff(document));
    expect([error.field, error.value]).toEqual(['demandrateunit', 'hp']);
    expect(error.option).toBe('hpDemand');
    expect(error.message).toContain('hpDemand option');
    const asKw = componentOf(importUrdbTariff(document, { hpDemand: 'as-kw' }).definition, 'demand-tou');
    const converted = componentOf(
      importUrdbTariff(document, { hpDemand: 'convert' }).definition,
      'demand-tou',
    );
    if (asKw.kind !== 'demand' || converted.kind !== 'demand') throw new Error('expected demand components');
    expect(asKw.demandUnit).toBe('kW');
    expect(converted.demandUnit).toBe('hp');
  });

  it('reports invalid JSON with its position', () => {
    const error = importError(() => importUrdbTariff('{"items": [\n  {"label": "x",\n   "name" 2}]}'));
    expect(error.field).toBe('(document)');
    expect(error.message).toContain('invalid JSON: ');
    expect(error.message).toContain('(line 3, column 11)');
    expect(error.message).not.toContain('expected a URDB rate object');
    const truncated = importError(() => importUrdbTariff('{"items": [\n'));
    expect(truncated.message).toContain('invalid JSON: Unexpected end of JSON input (line 2, column 1)');
  });

  it('rejects an unknown tier unit naming the field', () => {
    const rate = JSON.parse(read('jackson-emc-residential-a.json')) as {
      energyratestructure: { unit: string }[][];
    };
    (rate.energyratestructure[1] as { unit: string }[])[2] = {
      ...rate.energyratestructure[1]?.[2],
      unit: 'therm',
    };
    const error = importError(() => importUrdbTariff(rate));
    expect([error.field, error.value]).toEqual(['energyratestructure[1][2].unit', 'therm']);
  });

  it('overrides the start date on request', () => {
    const effectiveFrom = Temporal.PlainDate.from('2011-01-01');
    expect(
      importUrdbTariff(read('jackson-emc-residential-a.json'), { effectiveFrom }).definition.versions[0]
        ?.effectiveFrom,
    ).toBe('2011-01-01');
  });
});

describe('parseTariffDefinition', () => {
  const valid = {
    schemaVersion: 1,
    id: 'residential',
    name: 'Residential',
    service: 'electricity',
    versions: [
      {
        id: 'v1',
        effectiveFrom: '2024-01-01',
        schedules: [
          {
            id: 'tou',
            weekday: Array.from({ length: 12 }, () => new Array<number>(24).fill(0)),
            weekend: Array.from({ length: 12 }, () => new Array<number>(24).fill(2)),
          },
        ],
        components: [
          {
            kind: 'energy',
            id: 'energy',
            name: 'Energy',
            schedule: 'tou',
            tierBasis: 'bill-total',
            periods: [{ period: 0, tiers: [{ limitUnit: 'kWh', price: '0.1' }] }],
          },
        ],
      },
    ],
  };

  it.each([
    [(doc: typeof valid) => ({ ...doc, schemaVersion: 2 }), 'schemaVersion'],
    [(doc: typeof valid) => ({ ...doc, service: 'steam' }), 'service'],
    [
      (doc: typeof valid) => ({ ...doc, versions: [{ ...doc.versions[0], effectiveFrom: '2024-02-30' }] }),
      'versions[0].effectiveFrom',
    ],
    [(doc: typeof valid) => doc, 'versions[0].schedules[0].weekend[0][0]'],
  ])('names the invalid field (%#)', (change, field) => {
    const error = importError(() => parseTariffDefinition(change(structuredClone(valid))));
    expect(error.field).toBe(field);
  });

  it('round-trips through JSON', () => {
    const fixed = structuredClone(valid);
    fixed.versions[0]!.schedules[0]!.weekend = fixed.versions[0]!.schedules[0]!.weekday;
    const parsed = parseTariffDefinition(fixed);
    expect(parseTariffDefinition(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });
});
