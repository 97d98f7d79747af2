import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReadPeriods } from '../../src/modules/readings/domain/compute-read-periods.js';
import type { Db } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import {
  insertMeter,
  insertMeteredAccount,
  insertRead,
  insertTariff,
  installMeter,
  type MeteredAccount,
} from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

type Period = {
  start: string;
  end: string;
  days: number;
  quantity: string | null;
  status: string;
  rolledOver: boolean;
  estimated: boolean;
};
type History = {
  meterId: string;
  installedOn: string;
  removedOn: string | null;
  code: string;
  multiplier: string;
  reads: { readOn: string; value: string; kind: string; status: string; statusReason: string | null }[];
  periods: Period[];
};
type HistoryBody = { from: string; to: string; registers: History[] };

describeEachDatabase('read period routes', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let token: string;
  let metered: MeteredAccount;
  let newMeterId: string;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db);
    token = (await createTestApiKey(db, company.companyId, ['readings:read'])).token;
    metered = await insertMeteredAccount(db, company, await insertTariff(db, company.companyId), {
      startOn: '2026-01-01',
      installRead: '99500',
    });
    newMeterId = await seedReadHistory(db, company.companyId, metered);
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, bearer = token) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });

  it('lists a service point across an exchange', async () => {
    const response = await get(
      `/v1/service-points/${metered.servicePointId}/reads?from=2026-01-01&to=2026-06-30`,
    );

    expect(response.statusCode).toBe(200);
    const body = response.json<HistoryBody>();
    expect(
      body.registers.map((history) => [history.meterId, history.installedOn, history.removedOn]),
    ).toEqual([
      [metered.meterId, '2026-01-01', '2026-05-01'],
      [newMeterId, '2026-05-01', null],
    ]);
    const [old, replacement] = body.registers;
    expect(old?.periods.map((period) => [period.start, period.end, period.days, period.quantity])).toEqual([
      ['2026-01-01', '2026-02-01', 31, '400'],
      ['2026-02-01', '2026-03-01', 28, '400'],
      ['2026-03-01', '2026-04-01', 31, '400'],
      ['2026-04-01', '2026-05-01', 30, '100'],
    ]);
    expect(old?.periods.map((period) => period.rolledOver)).toEqual([false, true, false, false]);
    expect(old?.periods.map((period) => period.estimated)).toEqual([false, false, true, true]);
    expect(old?.reads.find((read) => read.status === 'suspect')).toMatchObject({
      readOn: '2026-04-15',
      value: '100.000000',
      kind: 'customer',
      statusReason: 'lower than the read before',
    });
    expect(replacement?.multiplier).toBe('2.000000');
    expect(replacement?.periods.map((period) => [period.start, period.end, period.quantity])).toEqual([
      ['2026-05-01', '2026-06-01', '500'],
    ]);
  });

  it('starts a meter window at the read before', async () => {
    const response = await get(`/v1/meters/${metered.meterId}/reads?from=2026-02-15&to=2026-06-30`);

    expect(response.statusCode).toBe(200);
    const [history, ...others] = response.json<HistoryBody>().registers;
    expect(others).toEqual([]);
    expect(history?.periods[0]).toMatchObject({ start: '2026-02-01', end: '2026-03-01', quantity: '400' });
    expect(history?.reads.map((read) => read.readOn)).toEqual([
      '2026-03-01',
      '2026-04-01',
      '2026-04-15',
      '2026-05-01',
    ]);
  });

  it('defaults to two years up to today', async () => {
    const response = await get(`/v1/service-points/${metered.servicePointId}/reads`);

    expect(response.statusCode).toBe(200);
    const today = Temporal.Now.plainDateISO('Europe/Madrid');
    expect(response.json<HistoryBody>()).toMatchObject({
      from: today.subtract({ years: 2 }).toString(),
      to: today.toString(),
    });
  });

  it('rejects a window that ends first', async () => {
    const response = await get(`/v1/meters/${metered.meterId}/reads?from=2026-03-01&to=2026-02-01`);

    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({
      code: 'READINGS.INVALID_RANGE',
      errors: [{ path: 'from' }],
    });
  });

  it("finds no other company's meter or service point", async () => {
    const other = await insertCompany(database().db);
    const otherToken = (await createTestApiKey(database().db, other.companyId, ['readings:read'])).token;

    const meter = await get(`/v1/meters/${metered.meterId}/reads`, otherToken);
    const point = await get(`/v1/service-points/${metered.servicePointId}/reads`, otherToken);
    const unknown = await get(`/v1/meters/${randomUUID()}/reads`);

    expect(meter.statusCode).toBe(404);
    expect(point.statusCode).toBe(404);
    expect(point.json<{ code: string }>().code).toBe('READINGS.SERVICE_POINT_NOT_FOUND');
    expect(unknown.json<{ code: string }>().code).toBe('DEVICES.METER_NOT_FOUND');
  });
});

describe('read periods', () => {
  const consumption = { meterId: 'M-1', kind: 'consumption', dials: 4, multiplier: '1' } as const;
  const read = (readOn: string, value: string, kind = 'actual') => ({
    id: `${readOn}/${value}`,
    readOn,
    value,
    kind,
  });

  it('marks reads that go backwards', () => {
    const periods = computeReadPeriods(consumption, [read('2026-01-01', '5000'), read('2026-02-01', '4000')]);

    expect(periods).toMatchObject([{ quantity: null, status: 'backwards', rolledOver: false }]);
  });

  it('marks reads beyond the dials', () => {
    const periods = computeReadPeriods(consumption, [
      read('2026-01-01', '5000'),
      read('2026-02-01', '12000'),
    ]);

    expect(periods).toMatchObject([{ quantity: null, status: 'invalid' }]);
  });

  it('takes the last read of a day', () => {
    const periods = computeReadPeriods(consumption, [
      read('2026-01-01', '100'),
      read('2026-02-01', '300', 'estimated'),
      read('2026-02-01', '250'),
      read('2026-03-01', '400'),
    ]);

    expect(periods.map((period) => [period.end, period.quantity, period.estimated])).toEqual([
      ['2026-02-01', '150', false],
      ['2026-03-01', '150', false],
    ]);
  });

  it('reads demand at the period end', () => {
    const demand = { ...consumption, kind: 'demand', multiplier: '40' } as const;

    const periods = computeReadPeriods(demand, [read('2026-01-01', '1.25'), read('2026-02-01', '0.75')]);

    expect(periods).toMatchObject([{ quantity: '30', status: 'measured' }]);
  });
});

/**
 * Gives the metered account's 5-dial meter monthly reads with a rollover, an estimate and a suspect read,
 * then exchanges it on 2026-05-01 for a meter whose register multiplier is 2. Returns the new meter's id.
 */
async function seedReadHistory(db: Db, companyId: string, metered: MeteredAccount): Promise<string> {
  await insertRead(db, companyId, metered.registerId, '2026-02-01', '99900');
  await insertRead(db, companyId, metered.registerId, '2026-03-01', '00300');
  await db
    .insertInto('readings.register_read')
    .values({
      company_id: companyId,
      register_id: metered.registerId,
      read_on: '2026-04-01',
      value: '00700',
      kind: 'estimated',
      source: 'estimation',
    })
    .execute();
  await db
    .insertInto('readings.register_read')
    .values({
      company_id: companyId,
      register_id: metered.registerId,
      read_on: '2026-04-15',
      value: '00100',
      kind: 'customer',
      source: 'customer-portal',
      status: 'suspect',
      status_reason: 'lower than the read before',
    })
    .execute();
  await insertRead(db, companyId, metered.registerId, '2026-05-01', '00800', 'removal');
  await db
    .updateTable('devices.meter_installation')
    .set({ removed_on: '2026-05-01' })
    .where('company_id', '=', companyId)
    .where('meter_id', '=', metered.meterId)
    .execute();

  const replacement = await insertMeter(db, companyId, 5);
  await db
    .updateTable('devices.meter_register')
    .set({ multiplier: '2' })
    .where('company_id', '=', companyId)
    .where('id', '=', replacement.registerId)
    .execute();
  await installMeter(db, companyId, replacement, metered.servicePointId, '2026-05-01', '0');
  await insertRead(db, companyId, replacement.registerId, '2026-06-01', '250');
  return replacement.meterId;
}
