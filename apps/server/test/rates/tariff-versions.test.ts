import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import {
  addTariffVersion,
  createTariff,
  getTariff,
  listTariffs,
  listTariffVersionsInForce,
} from '../../src/modules/rates/index.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertCompany } from '../support/factories/company.js';
import { aTariff, aTariffDefinition, aTariffVersion, ratesContext } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describeEachDatabase('tariff versions', (database) => {
  it('creates a tariff and rejects its code twice', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await createTariff(db, ratesContext(company), {
      code: 'RES-1',
      name: ' Residential ',
      service: 'electricity',
    });
    expect(tariff.name).toBe('Residential');
    expect(tariff.source).toBe('manual');

    const error = await rejection(
      createTariff(db, ratesContext(company), { code: 'RES-1', name: 'Again', service: 'gas' }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('RATES.TARIFF_CODE_TAKEN');
    expect(error.fields[0]?.path).toBe('code');
  });

  it('allows the same code in another company', async () => {
    const { db } = database();
    const first = await insertCompany(db);
    const second = await insertCompany(db);
    await aTariff(db, first, 'SHARED');
    await expect(aTariff(db, second, 'SHARED')).resolves.toMatchObject({ code: 'SHARED' });
  });

  it('rejects an invalid tariff code', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await rejection(
      createTariff(db, ratesContext(company), { code: 'has space', name: 'X', service: 'water' }),
    );
    expect(error.code).toBe('RATES.INVALID_TARIFF');
    expect(error.fields[0]?.path).toBe('code');
  });

  it('closes the open version when a new one starts', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    const first = await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01' });
    expect(first.effectiveTo).toBeNull();

    const result = await addTariffVersion(db, ratesContext(company), {
      tariffId: tariff.id,
      definition: aTariffDefinition({ effectiveFrom: '2024-07-01', energyPrice: '0.150000' }),
    });
    expect(result.version.effectiveFrom).toBe('2024-07-01');
    expect(result.closedVersion).toEqual({
      id: first.id,
      effectiveFrom: '2024-01-01',
      effectiveTo: '2024-07-01',
    });

    const stored = await getTariff(db, company.companyId, tariff.id);
    expect(stored.versions.map((version) => [version.effectiveFrom, version.effectiveTo])).toEqual([
      ['2024-01-01', '2024-07-01'],
      ['2024-07-01', null],
    ]);
    const audit = await db
      .selectFrom('platform.audit_event')
      .select(['entity_id', 'action'])
      .where('company_id', '=', company.companyId)
      .where('entity_type', '=', 'tariff-version')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('rejects overlapping versions naming both ranges', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01', effectiveTo: '2024-07-01' });
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-07-01' });

    const error = await rejection(
      aTariffVersion(db, company, tariff, { effectiveFrom: '2024-03-01', effectiveTo: '2024-04-01' }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('RATES.VERSION_OVERLAP');
    expect(error.message).toContain('[2024-03-01, 2024-04-01)');
    expect(error.message).toContain('[2024-01-01, 2024-07-01)');
  });

  it('rolls back the closing of the open version on overlap', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01', effectiveTo: '2024-03-01' });
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-06-01' });

    // Closing [2024-06-01, open) on 2024-09-01 would work, but the new range reaches back into 2024-02.
    const error = await rejection(
      addTariffVersion(db, ratesContext(company), {
        tariffId: tariff.id,
        effectiveFrom: '2024-02-01',
        definition: aTariffDefinition({ effectiveFrom: '2024-02-01' }),
      }),
    );
    expect(error.code).toBe('RATES.VERSION_OVERLAP');
    const stored = await getTariff(db, company.companyId, tariff.id);
    expect(stored.versions.map((version) => version.effectiveTo)).toEqual(['2024-03-01', null]);
  });

  it('rejects a new version on the open version start day', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01' });
    const error = await rejection(aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01' }));
    expect(error.code).toBe('RATES.VERSION_OVERLAP');
    expect(error.message).toContain('[2024-01-01, open)');
  });

  it('rejects an invalid definition naming the field', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    const definition = aTariffDefinition();
    const components = (definition.versions as { components: Record<string, unknown>[] }[])[0]!.components;
    components[1] = {
      ...components[1],
      periods: [{ period: 0, tiers: [{ limitUnit: 'kWh', price: 'cheap' }] }],
    };

    const error = await rejection(
      addTariffVersion(db, ratesContext(company), { tariffId: tariff.id, definition }),
    );
    expect(error.kind).toBe('validation');
    expect(error.code).toBe('RATES.INVALID_DEFINITION');
    expect(error.fields[0]?.path).toBe('definition.versions[0].components[1].periods[0].tiers[0].price');
    const count = await db
      .selectFrom('rates.tariff_version')
      .select(db.fn.countAll<string>().as('n'))
      .where('company_id', '=', company.companyId)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe('0');
  });

  it('rejects a range that ends before it starts', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    const error = await rejection(
      aTariffVersion(db, company, tariff, { effectiveFrom: '2024-05-01', effectiveTo: '2024-05-01' }),
    );
    expect(error.code).toBe('RATES.INVALID_VERSION_RANGE');
    expect(error.fields[0]?.path).toBe('effectiveTo');
  });

  it('rejects a definition of another service', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariff = await aTariff(db, company);
    const error = await rejection(
      addTariffVersion(db, ratesContext(company), {
        tariffId: tariff.id,
        definition: aTariffDefinition({ service: 'gas' }),
      }),
    );
    expect(error.fields[0]?.path).toBe('definition.service');
  });

  it('rejects a version of an unknown tariff', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await rejection(
      addTariffVersion(db, ratesContext(company), {
        tariffId: crypto.randomUUID(),
        definition: aTariffDefinition(),
      }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.code).toBe('RATES.TARIFF_NOT_FOUND');
  });

  it('finds versions in force across a change', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const changing = await aTariff(db, company, 'CHANGING');
    const steady = await aTariff(db, company, 'STEADY');
    const ended = await aTariff(db, company, 'ENDED');
    const january = await aTariffVersion(db, company, changing, { effectiveFrom: '2024-01-01' });
    const july = await aTariffVersion(db, company, changing, {
      effectiveFrom: '2024-07-01',
      energyPrice: '0.2',
    });
    const steadyVersion = await aTariffVersion(db, company, steady, { effectiveFrom: '2023-01-01' });
    await aTariffVersion(db, company, ended, { effectiveFrom: '2023-01-01', effectiveTo: '2024-06-15' });
    const tariffIds = [changing.id, steady.id, ended.id];
    const find = (from: string, to: string) =>
      listTariffVersionsInForce(
        db,
        company.companyId,
        tariffIds,
        Temporal.PlainDate.from(from),
        Temporal.PlainDate.from(to),
      );

    const acrossChange = await find('2024-06-15', '2024-07-15');
    expect(
      acrossChange.filter((version) => version.tariffId === changing.id).map((version) => version.id),
    ).toEqual([january.id, july.id]);
    expect(acrossChange.find((version) => version.tariffId === steady.id)?.id).toBe(steadyVersion.id);
    expect(acrossChange.some((version) => version.tariffId === ended.id)).toBe(false);

    const beforeChange = await find('2024-06-01', '2024-07-01');
    expect(
      beforeChange.filter((version) => version.tariffId === changing.id).map((version) => version.id),
    ).toEqual([january.id]);
    expect(beforeChange.find((version) => version.tariffId === ended.id)?.effectiveTo).toBe('2024-06-15');

    const afterChange = await find('2024-07-01', '2024-08-01');
    const afterJuly = afterChange.find((version) => version.tariffId === changing.id);
    expect(afterJuly?.id).toBe(july.id);
    expect(afterJuly?.definition.versions[0]?.effectiveFrom).toBe('2024-07-01');
  });

  it('finds no versions of another company', async () => {
    const { db } = database();
    const owner = await insertCompany(db);
    const other = await insertCompany(db);
    const tariff = await aTariff(db, owner);
    await aTariffVersion(db, owner, tariff, { effectiveFrom: '2024-01-01' });
    const found = await listTariffVersionsInForce(
      db,
      other.companyId,
      [tariff.id],
      Temporal.PlainDate.from('2024-01-01'),
      Temporal.PlainDate.from('2024-02-01'),
    );
    expect(found).toEqual([]);
  });

  it('lists tariffs by code in pages', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    for (const code of ['C', 'A', 'B']) await aTariff(db, company, code);
    const first = await listTariffs(db, company.companyId, { limit: 2 });
    expect(first.items.map((tariff) => tariff.code)).toEqual(['A', 'B']);
    expect(first.nextAfterCode).toBe('B');
    const second = await listTariffs(db, company.companyId, { limit: 2, afterCode: 'B' });
    expect(second.items.map((tariff) => tariff.code)).toEqual(['C']);
    expect(second.nextAfterCode).toBeNull();
  });
});
