import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { getTariff, importTariffFromUrdb } from '../../src/modules/rates/index.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { insertCompany } from '../support/factories/company.js';
import { ratesContext } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');
const validFiles = readdirSync(urdbFolder).filter((name) => name.endsWith('.json'));
const invalidFiles = readdirSync(path.join(urdbFolder, 'invalid')).filter((name) => name.endsWith('.json'));

function readUrdb(name: string): unknown {
  return JSON.parse(readFileSync(path.join(urdbFolder, name), 'utf8'));
}

describeEachDatabase('URDB tariff import', (database) => {
  it.each(validFiles)('imports %s', async (name) => {
    const { db } = database();
    const company = await insertCompany(db, { timeZone: 'America/New_York' });
    // Missoula prices demand per horsepower, which needs the caller's choice of how to bill it.
    const hpDemand = name.startsWith('missoula') ? 'as-kw' : undefined;
    const result = await importTariffFromUrdb(db, ratesContext(company), {
      document: readUrdb(name),
      hpDemand,
    });

    expect(result.tariffCreated).toBe(true);
    expect(result.tariff.source).toBe('urdb');
    const stored = await getTariff(db, company.companyId, result.tariff.id);
    expect(stored.versions).toHaveLength(1);
    expect(stored.versions[0]?.hasSourceDocument).toBe(true);
    expect(stored.versions[0]?.effectiveFrom).toBe(result.version.effectiveFrom);
    const row = await db
      .selectFrom('rates.tariff_version')
      .select('source_document')
      .where('company_id', '=', company.companyId)
      .executeTakeFirstOrThrow();
    expect(row.source_document).toEqual(readUrdb(name));
  });

  it.each(invalidFiles)('rejects invalid/%s and writes nothing', async (name) => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await importTariffFromUrdb(db, ratesContext(company), {
      document: readUrdb(`invalid/${name}`),
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('RATES.URDB_NOT_RATEABLE');
    expect(appError.kind).toBe('rule-violation');
    expect(appError.fields[0]?.path).toMatch(/^document\.energy/);
    const tariffs = await db
      .selectFrom('rates.tariff')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(tariffs).toEqual([]);
  });

  it('rejects hp demand unless the caller maps it', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await expect(
      importTariffFromUrdb(db, ratesContext(company), {
        document: readUrdb('missoula-electric-irrigation-5-10-hp.json'),
      }),
    ).rejects.toMatchObject({
      code: 'RATES.URDB_NOT_RATEABLE',
      message: expect.stringContaining('hpDemand option') as unknown,
      fields: [{ path: 'document.demandrateunit' }, { path: 'hpDemand' }],
    });
  });

  it('accepts the API wrapper and a double-encoded string', async () => {
    const { db } = database();
    const company = await insertCompany(db, { timeZone: 'America/Chicago' });
    const rate = readUrdb('jackson-emc-residential-a.json');
    const wrapped = await importTariffFromUrdb(db, ratesContext(company), {
      document: { items: [rate] },
      code: 'WRAPPED',
    });
    const encoded = await importTariffFromUrdb(db, ratesContext(company), {
      document: JSON.stringify(JSON.stringify(rate)),
      code: 'ENCODED',
    });
    expect(wrapped.version.definition).toEqual(encoded.version.definition);
    expect(wrapped.tariff.sourceReference).toBe('5a0b28045457a3ea2aca608e');
  });

  it('reads the start date in the company time zone', async () => {
    const { db } = database();
    const rate = readUrdb('xcel-colorado-residential-re-tou.json') as { startdate: number };
    expect(typeof rate.startdate).toBe('number');
    const utcDay = new Date(rate.startdate * 1000).toISOString().slice(0, 10);
    const denver = await insertCompany(db, { timeZone: 'America/Denver' });
    const tokyo = await insertCompany(db, { timeZone: 'Asia/Tokyo' });
    const honolulu = await insertCompany(db, { timeZone: 'Pacific/Honolulu' });
    const inDenver = await importTariffFromUrdb(db, ratesContext(denver), { document: rate });
    const inTokyo = await importTariffFromUrdb(db, ratesContext(tokyo), { document: rate });
    const inHonolulu = await importTariffFromUrdb(db, ratesContext(honolulu), { document: rate });
    const expected = (timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(rate.startdate * 1000));
    expect(inDenver.version.effectiveFrom).toBe(expected('America/Denver'));
    expect(inTokyo.version.effectiveFrom).toBe(expected('Asia/Tokyo'));
    expect(inHonolulu.version.effectiveFrom).toBe(expected('Pacific/Honolulu'));
    expect(inDenver.version.effectiveFrom).toBe(utcDay);
  });

  it('uses effectiveFrom over the start date', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const result = await importTariffFromUrdb(db, ratesContext(company), {
      document: readUrdb('nipsco-rate-724.json'),
      effectiveFrom: '2025-01-01',
    });
    expect(result.version.effectiveFrom).toBe('2025-01-01');
    expect(result.version.definition.versions[0]?.effectiveFrom).toBe('2025-01-01');
  });

  it('adds a later import as a new version', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const document = readUrdb('sce-tou-8-b.json');
    const first = await importTariffFromUrdb(db, ratesContext(company), { document, code: 'SCE-TOU-8' });
    const second = await importTariffFromUrdb(db, ratesContext(company), {
      document,
      code: 'SCE-TOU-8',
      effectiveFrom: '2030-01-01',
    });
    expect(second.tariffCreated).toBe(false);
    expect(second.tariff.id).toBe(first.tariff.id);
    expect(second.closedVersion).toEqual({
      id: first.version.id,
      effectiveFrom: first.version.effectiveFrom,
      effectiveTo: '2030-01-01',
    });
  });

  it('returns warnings for ignored fields', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const result = await importTariffFromUrdb(db, ratesContext(company), {
      document: readUrdb('xcel-colorado-residential-re-tou.json'),
    });
    expect(result.warnings.map((warning) => warning.field)).toContain('dgrules');
  });

  it('rejects a bad effectiveFrom', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await expect(
      importTariffFromUrdb(db, ratesContext(company), {
        document: readUrdb('nipsco-rate-724.json'),
        effectiveFrom: '2025-02-30',
      }),
    ).rejects.toMatchObject({
      code: 'RATES.INVALID_VERSION_RANGE',
      message: 'effectiveFrom: 2025-02-30 is not a valid date: February 2025 has 28 days.',
      fields: [{ path: 'effectiveFrom' }],
    });
  });
});
