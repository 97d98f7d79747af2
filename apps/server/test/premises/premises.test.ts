import { expect, it } from 'vitest';
import {
  createPremise,
  createServicePoint,
  getPremise,
  getServicePoint,
  listPremises,
  listServicePoints,
  updatePremise,
} from '../../src/modules/premises/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aPremise, aPremiseInput, aServicePoint } from '../support/factories/premises.js';
import { describeEachDatabase } from '../support/test-database.js';

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

const contextOf = (company: CompanyFixture) => systemContext(company.companyId, 'premises-test');

describeEachDatabase('premises and service points', (database) => {
  it('stores the address and a rounded geo point', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const premise = await aPremise(
      db,
      company,
      aPremiseInput({ country: 'us', location: { latitude: '34.11712345', longitude: -83.5724 } }),
    );
    const read = await getPremise(db, contextOf(company), premise.id);
    expect(read.country).toBe('US');
    expect(read.location).toEqual({ latitude: '34.117123', longitude: '-83.572400' });
    expect(read.servicePoints).toEqual([]);
  });

  it('rejects coordinates out of range and unknown countries', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(
      createPremise(
        db,
        contextOf(company),
        aPremiseInput({ country: 'UK', location: { latitude: 91, longitude: '-181.5' } }),
      ),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual([
      '0.country',
      '0.location.latitude',
      '0.location.longitude',
    ]);
    expect(error.fields[0]?.message).toContain('"UK"');
    expect(error.fields[1]?.message).toContain('between -90 and 90');
    expect(error.fields[2]?.message).toContain('"-181.5"');
  });

  it('updates and clears address fields', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const premise = await aPremise(db, company);
    const updated = await updatePremise(db, contextOf(company), premise.id, {
      addressLine2: 'Unit 4',
      location: null,
    });
    expect(updated.addressLine2).toBe('Unit 4');
    expect(updated.location).toBeNull();
    expect((await getPremise(db, contextOf(company), premise.id)).addressLine2).toBe('Unit 4');
  });

  it('allows one service point per premise and service', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aServicePoint(db, company);
    await aServicePoint(db, company, { premiseId: point.premiseId, service: 'water' });
    const error = await caught(
      aServicePoint(db, company, { premiseId: point.premiseId, service: 'electricity' }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('PREMISES.SERVICE_POINT_EXISTS');
    expect(error.message).toContain(point.premiseId);
    expect((await getPremise(db, contextOf(company), point.premiseId)).servicePoints).toHaveLength(2);
  });

  it('keeps market ids unique per company', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await aServicePoint(db, company, { marketId: 'ES0031405998755001QE0F' });
    const error = await caught(aServicePoint(db, company, { marketId: 'es0031405998755001qe0f' }));
    expect(error.code).toBe('PREMISES.MARKET_ID_TAKEN');
    expect(error.message).toContain('ES0031405998755001QE0F');

    const other = await insertCompany(db);
    const elsewhere = await aServicePoint(db, other, { marketId: 'ES0031405998755001QE0F' });
    expect(elsewhere.marketId).toBe('ES0031405998755001QE0F');
  });

  it('lists premises and service points with filters', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await aPremise(db, company, aPremiseInput({ city: 'Commerce', postalCode: '30529' }));
    await aPremise(db, company, aPremiseInput({ city: 'Braselton', postalCode: '30517' }));
    const point = await aServicePoint(db, company, { service: 'gas' });

    // The search= filter runs as the company's application role, as it does for a request.
    const page = await listPremises(database().forCompany(company.companyId), contextOf(company), {
      search: '3052',
    });
    expect(page.total).toBe(1);
    expect(page.items[0]?.city).toBe('Commerce');
    const gas = await listServicePoints(db, contextOf(company), { service: 'gas' });
    expect(gas.items.map((item) => item.id)).toEqual([point.id]);
    const byMarket = await listServicePoints(db, contextOf(company), { marketId: point.marketId! });
    expect(byMarket.total).toBe(1);
  });

  it('keeps companies apart', async () => {
    const { db } = database();
    const first = await insertCompany(db);
    const second = await insertCompany(db);
    const point = await aServicePoint(db, first);
    const intruder = contextOf(second);

    expect((await caught(getPremise(db, intruder, point.premiseId))).kind).toBe('not-found');
    expect((await caught(getServicePoint(db, intruder, point.id))).kind).toBe('not-found');
    expect((await caught(updatePremise(db, intruder, point.premiseId, { city: 'Elsewhere' }))).kind).toBe(
      'not-found',
    );
    const error = await caught(
      createServicePoint(db, intruder, { premiseId: point.premiseId, service: 'gas' }),
    );
    expect(error.code).toBe('PREMISES.PREMISE_NOT_FOUND');
    expect((await listPremises(db, intruder)).total).toBe(0);
    expect((await listServicePoints(db, intruder)).total).toBe(0);
  });
});
