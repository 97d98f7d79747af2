import { expect, it } from 'vitest';
import {
  createCompany,
  findCompanyByCode,
  getCompany,
  hasAnyCompany,
  takeNextNumber,
} from '../../src/modules/companies/index.js';
import type { Actor } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { mapErrorToProblem } from '../../src/platform/http/map-error-to-problem.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from '../http/test-http-app.js';

const actor: Actor = { kind: 'system', id: 'test' };

async function captureError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('Expected an AppError, but the call succeeded.');
}

describeEachDatabase('companies', (database) => {
  it('creates a company with its currency exponent', async () => {
    const { db } = database();
    expect(await hasAnyCompany(db)).toBe(false);
    const company = await createCompany(database(), actor, {
      code: 'kuwait-water',
      name: 'Kuwait Water',
      currency: 'kwd',
      timeZone: 'asia/kuwait',
      locale: 'ar-kw',
      roundingMode: 'half-even',
    });
    expect(company).toMatchObject({
      code: 'kuwait-water',
      currency: 'KWD',
      currencyMinorUnit: 3,
      timeZone: 'Asia/Kuwait',
      locale: 'ar-KW',
      roundingMode: 'half-even',
    });
    expect(await hasAnyCompany(db)).toBe(true);
    expect((await findCompanyByCode(db, 'kuwait-water'))?.id).toBe(company.id);
    expect(await findCompanyByCode(db, 'no-such-company')).toBeUndefined();
    expect((await getCompany(db, company.id)).name).toBe('Kuwait Water');

    const audit = await db
      .selectFrom('platform.audit_event')
      .select(['entity_type', 'action'])
      .where('company_id', '=', company.id)
      .execute();
    expect(audit).toEqual([{ entity_type: 'company', action: 'create' }]);
  });

  it('uses 0 decimals for JPY and CLP', async () => {
    for (const currency of ['JPY', 'CLP']) {
      const company = await createCompany(database(), actor, {
        code: `zero-${currency.toLowerCase()}`,
        name: currency,
        currency,
        timeZone: 'UTC',
      });
      expect(company.currencyMinorUnit).toBe(0);
    }
  });

  it('rejects bad currency and time zone naming field and value', async () => {
    const { db } = database();
    const error = await captureError(
      createCompany(database(), actor, {
        code: 'bad-one',
        name: 'Bad',
        currency: 'EUX',
        timeZone: 'Mars/Olympus',
      }),
    );
    const { problem } = mapErrorToProblem(error);
    expect(problem.status).toBe(400);
    expect(problem.errors.map((issue) => issue.path)).toEqual(['currency', 'timeZone']);
    expect(problem.errors[0]?.message).toContain('"EUX"');
    expect(problem.errors[1]?.message).toContain('"Mars/Olympus"');
    expect(await findCompanyByCode(db, 'bad-one')).toBeUndefined();
  });

  it('rejects fixed offsets, bad locale, code and rounding', async () => {
    const error = await captureError(
      createCompany(database(), actor, {
        code: 'Bad Code',
        name: 'Bad',
        currency: 'EUR',
        timeZone: '+01:00',
        locale: 'not a locale',
        roundingMode: 'up',
      }),
    );
    expect(error.fields.map((issue) => issue.path)).toEqual(['code', 'timeZone', 'locale', 'roundingMode']);
  });

  it('rejects a taken code with 409', async () => {
    await createCompany(database(), actor, {
      code: 'taken',
      name: 'First',
      currency: 'USD',
      timeZone: 'America/Chicago',
    });
    const error = await captureError(
      createCompany(database(), actor, {
        code: 'taken',
        name: 'Second',
        currency: 'USD',
        timeZone: 'America/Chicago',
      }),
    );
    expect(mapErrorToProblem(error).problem).toMatchObject({ status: 409, code: 'COMPANIES.CODE_TAKEN' });
  });

  it('serves the caller company on GET /v1/company', async () => {
    const { db } = database();
    const company = await createCompany(database(), actor, {
      code: 'bahrain-power',
      name: 'Bahrain Power',
      currency: 'BHD',
      timeZone: 'Asia/Bahrain',
    });
    const key = await createTestApiKey(db, company.id, ['companies:read']);
    const { app } = await buildTestHttpApp(database());
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/company',
        headers: { 'x-api-key': key.token },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(company);
    } finally {
      await app.close();
    }
  });

  it('hands out gapless numbers and returns rolled-back ones', async () => {
    const { db } = database();
    const company = await createCompany(database(), actor, {
      code: 'series-co',
      name: 'Series',
      currency: 'EUR',
      timeZone: 'Europe/Lisbon',
    });
    const take = () =>
      db
        .transaction()
        .execute((trx) =>
          takeNextNumber(trx, { companyId: company.id, series: 'invoice', prefixIfNew: 'INV-' }),
        );
    expect(await take()).toEqual({ value: 1n, formatted: 'INV-000001' });
    expect((await take()).formatted).toBe('INV-000002');

    await expect(
      db.transaction().execute(async (trx) => {
        await takeNextNumber(trx, { companyId: company.id, series: 'invoice' });
        throw new Error('bill issue failed');
      }),
    ).rejects.toThrow('bill issue failed');
    expect((await take()).formatted).toBe('INV-000003');

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => take()));
    expect(concurrent.map((taken) => taken.value).sort((a, b) => Number(a - b))).toEqual([
      4n,
      5n,
      6n,
      7n,
      8n,
    ]);
  });
});
