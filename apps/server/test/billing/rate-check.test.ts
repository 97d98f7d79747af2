import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rateBillPeriod, type UsageInput } from '@open-cis/rating';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { processBillRun, startBillRun } from '../../src/modules/billing/index.js';
import { compileTariffVersions } from '../../src/modules/billing/domain/compile-tariff-versions.js';
import { toBillLineDraft } from '../../src/modules/billing/domain/to-bill-line-draft.js';
import { getTariff } from '../../src/modules/rates/index.js';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertMeteredAccount, insertRead, insertTariff } from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');
const timeZone = 'America/New_York';
const settings = { currency: 'USD', minorUnitExponent: 2, rounding: 'half-up', timeZone } as const;

type Line = {
  lineNumber: number;
  chargeType: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amountMinor: string;
  amount: string;
  trace: { formula: string; readingIds: string[]; tariffVersionId: string; touPeriod?: { index: number } };
};
type Segment = {
  agreementId: string | null;
  periodStart: string;
  periodEnd: string;
  isEstimated: boolean;
  consumption: Record<string, unknown> | null;
  totalMinor: string;
  lines: Line[];
};
type RateCheckBody = {
  source: string;
  currency: string;
  totalMinor: string;
  total: string;
  isEstimated: boolean;
  segments: Segment[];
};
type Problem = { code: string; detail: string; errors: { path: string; message: string }[] };

// Energy per TOU period and the maximum demand per demand period of one month of a medium office.
const georgiaUsage = {
  registers: [
    { measure: 'energy', schedule: 'energy', period: 0, quantity: '4200.5' },
    { measure: 'energy', schedule: 'energy', period: 1, quantity: '3100' },
    { measure: 'energy', schedule: 'energy', period: 2, quantity: '9800.25' },
    { measure: 'demand', schedule: 'demand', period: 0, quantity: '61.2' },
    { measure: 'demand', schedule: 'demand', period: 1, quantity: '48.75' },
  ],
};

describeEachDatabase('rate check', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let token: string;
  let georgiaId: string;
  let jacksonId: string;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db, { currency: 'USD', timeZone });
    token = (
      await createTestApiKey(db, company.companyId, [
        'rates:read',
        'rates:write',
        'readings:read',
        'readings:write',
      ])
    ).token;
    georgiaId = await importUrdb('georgia-power-tou-gsd-10.json');
    jacksonId = await importUrdb('jackson-emc-residential-a.json');
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, payload: object, bearer = token) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${bearer}` }, payload });

  async function importUrdb(file: string): Promise<string> {
    const response = await post('/v1/tariffs/urdb-imports', {
      document: readFileSync(path.join(urdbFolder, file), 'utf8'),
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ tariff: { id: string } }>().tariff.id;
  }

  /** Rates the usage with packages/rating directly and returns its lines as bill lines. */
  async function rateDirectly(
    tariffId: string,
    period: { start: string; end: string },
    usage: UsageInput,
  ): Promise<ReturnType<typeof toBillLineDraft>[]> {
    const tariff = await getTariff(database().db, company.companyId, tariffId);
    const compiled = compileTariffVersions(tariffId, tariff.versions).compiled;
    const rated = rateBillPeriod(compiled, {
      period: { start: Temporal.PlainDate.from(period.start), end: Temporal.PlainDate.from(period.end) },
      usage,
      settings,
    });
    if (rated.kind !== 'rated') throw new Error(`not rated: ${rated.detail}`);
    return rated.lines.map((line, index) => toBillLineDraft(line, index + 1, null));
  }

  it('rates typed TOU usage as the engine does', async () => {
    const before = await countWrites(database().db);
    const response = await post(`/v1/tariffs/${georgiaId}/rate-check`, {
      periodStart: '2026-07-01',
      periodEnd: '2026-08-01',
      usage: georgiaUsage,
    });

    expect(response.statusCode).toBe(200);
    const body = response.json<RateCheckBody>();
    expect(body.source).toBe('usage');
    expect(body.currency).toBe('USD');
    const [segment] = body.segments;
    const expected = await rateDirectly(
      georgiaId,
      { start: '2026-07-01', end: '2026-08-01' },
      { kind: 'registers', reads: georgiaUsage.registers as never },
    );
    expect(segment?.lines.map(comparable)).toEqual(expected.map(comparable));
    expect(segment?.lines.map((line) => line.trace)).toEqual(expected.map((line) => line.trace));

    // Checked by hand against the published rate: $261.32 a month, and period 0 energy at
    // 0.122372 + 0.062351 $/kWh.
    const fixed = segment?.lines.find((line) => line.chargeType === 'fixed');
    expect(fixed?.amount).toBe('261.32');
    const peakEnergy = segment?.lines.find(
      (line) => line.chargeType === 'energy' && line.trace.touPeriod?.index === 0,
    );
    expect(peakEnergy?.quantity).toBe('4200.5');
    expect(peakEnergy?.amount).toBe('775.93');
    expect(segment?.lines.some((line) => line.chargeType === 'demand-tou')).toBe(true);
    const sum = (segment?.lines ?? []).reduce((total, line) => total + BigInt(line.amountMinor), 0n);
    expect(body.totalMinor).toBe(sum.toString());
    expect(body.total).toBe(formatCents(sum));
    expect(await countWrites(database().db)).toEqual(before);
  });

  it('rates typed interval readings', async () => {
    const intervals = hourlyIntervals('2026-07-06', 2, (hour) =>
      hour >= 14 && hour < 19 ? '42.5' : '18.25',
    );
    const response = await post(`/v1/tariffs/${georgiaId}/rate-check`, {
      periodStart: '2026-07-06',
      periodEnd: '2026-07-08',
      usage: { intervals },
    });

    expect(response.statusCode).toBe(200);
    const expected = await rateDirectly(
      georgiaId,
      { start: '2026-07-06', end: '2026-07-08' },
      {
        kind: 'intervals',
        intervals: intervals.map((interval) => ({
          ...interval,
          start: Temporal.Instant.from(interval.start),
        })),
      },
    );
    const lines = response.json<RateCheckBody>().segments[0]?.lines ?? [];
    expect(lines.map(comparable)).toEqual(expected.map(comparable));
    const demand = lines.filter((line) => line.chargeType === 'demand-tou').map((line) => line.quantity);
    expect(demand).toContain('42.5');
  });

  it('rates an account history like its bill', async () => {
    const { db } = database();
    const metered = await insertMeteredAccount(db, company, jacksonId, { startOn: '2026-01-01' });
    const februaryRead = await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1850');
    const before = await countWrites(db);

    const response = await post(`/v1/tariffs/${jacksonId}/rate-check`, {
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      accountId: metered.accountId,
    });

    expect(response.statusCode).toBe(200);
    const body = response.json<RateCheckBody>();
    expect(body.source).toBe('account-history');
    expect(body.isEstimated).toBe(false);
    expect(body.segments).toHaveLength(1);
    const segment = body.segments[0];
    expect(segment).toMatchObject({
      agreementId: metered.agreementId,
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
    });
    expect(segment?.lines.every((line) => line.trace.readingIds.includes(februaryRead))).toBe(true);
    expect(await countWrites(db)).toEqual(before);

    // The bill run bills the same period on the same tariff: its lines must be the rate check's.
    const context = systemContext(company.companyId);
    const { billRun } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
      issueBills: false,
    });
    await processBillRun(db, context, billRun.id);
    const billLines = await db
      .selectFrom('billing.bill_line as line')
      .innerJoin('billing.bill as bill', (join) =>
        join.onRef('bill.company_id', '=', 'line.company_id').onRef('bill.id', '=', 'line.bill_id'),
      )
      .select(['line.line_number', 'line.description', 'line.quantity', 'line.amount_minor', 'line.trace'])
      .where('bill.account_id', '=', metered.accountId)
      .orderBy('line.line_number')
      .execute();
    expect(billLines.length).toBeGreaterThan(1);
    expect(
      segment?.lines.map((line) => [line.lineNumber, line.description, line.amountMinor, line.trace]),
    ).toEqual(
      billLines.map((line) => [line.line_number, line.description, String(line.amount_minor), line.trace]),
    );
    expect(segment?.totalMinor).toBe(
      billLines.reduce((total, line) => total + BigInt(line.amount_minor), 0n).toString(),
    );
  });

  it('measures from the reads around the period', async () => {
    const { db } = database();
    const metered = await insertMeteredAccount(db, company, jacksonId, { startOn: '2026-01-01' });
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1850');
    await insertRead(db, company.companyId, metered.registerId, '2026-03-01', '2500');
    await insertRead(db, company.companyId, metered.registerId, '2026-03-20', '2900');

    const response = await post(`/v1/tariffs/${jacksonId}/rate-check`, {
      periodStart: '2026-02-10',
      periodEnd: '2026-03-10',
      accountId: metered.accountId,
    });

    expect(response.statusCode).toBe(200);
    const segment = response.json<RateCheckBody>().segments[0];
    expect(segment).toMatchObject({ periodStart: '2026-02-01', periodEnd: '2026-03-01', isEstimated: false });
    expect(segment?.consumption).toMatchObject({ '1.8.0': { quantity: '650' } });
  });

  it('estimates a period with no closing read', async () => {
    const { db } = database();
    const metered = await insertMeteredAccount(db, company, jacksonId, { startOn: '2026-01-01' });
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1620');
    const before = await countWrites(db);

    const response = await post(`/v1/tariffs/${jacksonId}/rate-check`, {
      periodStart: '2026-02-01',
      periodEnd: '2026-03-01',
      accountId: metered.accountId,
    });

    expect(response.statusCode).toBe(200);
    const body = response.json<RateCheckBody>();
    expect(body.isEstimated).toBe(true);
    // 620 kWh over the 31 days of January, 20 a day, for the 28 days of February.
    expect(body.segments[0]?.consumption).toMatchObject({ '1.8.0': { quantity: '560' } });
    expect(await countWrites(db)).toEqual(before);
  });

  it('rates an account on its interval data', async () => {
    const { db } = database();
    const metered = await insertMeteredAccount(db, company, georgiaId, { startOn: '2026-06-01' });
    const intervals = hourlyIntervals('2026-07-01', 31, (hour, day) =>
      hour >= 14 && hour < 19 ? `${30 + (day % 7)}.5` : '12.25',
    );
    const serial = await db
      .selectFrom('devices.meter')
      .select('serial_number')
      .where('id', '=', metered.meterId)
      .executeTakeFirstOrThrow();
    const csv = [
      'meter_serial,channel,interval_start,duration_minutes,value,unit',
      ...intervals.map((interval) => `${serial.serial_number},1,${interval.start},60,${interval.kwh},kWh`),
    ].join('\n');
    const imported = await post('/v1/interval-imports', {
      format: 'interval-csv',
      servicePointId: metered.servicePointId,
      document: csv,
    });
    expect(imported.statusCode).toBe(200);

    const response = await post(`/v1/tariffs/${georgiaId}/rate-check`, {
      periodStart: '2026-07-01',
      periodEnd: '2026-08-01',
      accountId: metered.accountId,
    });

    expect(response.statusCode).toBe(200);
    const segment = response.json<RateCheckBody>().segments[0];
    expect(segment?.consumption).toMatchObject({ source: 'interval-data', intervals: 31 * 24 });
    const expected = await rateDirectly(
      georgiaId,
      { start: '2026-07-01', end: '2026-08-01' },
      {
        kind: 'intervals',
        intervals: intervals.map((interval) => ({
          ...interval,
          start: Temporal.Instant.from(interval.start),
        })),
      },
    );
    expect(segment?.lines.map(comparable)).toEqual(expected.map(comparable));
  });

  it('names the field of usage the tariff cannot rate', async () => {
    const url = `/v1/tariffs/${georgiaId}/rate-check`;
    const period = { periodStart: '2026-07-01', periodEnd: '2026-08-01' };

    const total = await post(url, {
      ...period,
      usage: { registers: [{ measure: 'energy', quantity: '900' }] },
    });
    expect(total.statusCode).toBe(422);
    expect(total.headers['content-type']).toContain('application/problem+json');
    expect(total.json<Problem>()).toMatchObject({
      code: 'BILLING.RATE_CHECK_UNRATED',
      errors: [{ path: 'usage.registers' }],
    });
    expect(total.json<Problem>().detail).toContain('TOU period');

    const noDemand = await post(url, {
      ...period,
      usage: { registers: georgiaUsage.registers.filter((register) => register.measure === 'energy') },
    });
    expect(noDemand.statusCode).toBe(422);
    expect(noDemand.json<Problem>().detail).toContain('demand');

    const schedule = await post(url, {
      ...period,
      usage: { registers: [{ measure: 'energy', schedule: 'peak', period: 0, quantity: '1' }] },
    });
    expect(schedule.statusCode).toBe(400);
    expect(schedule.json<Problem>().errors[0]).toMatchObject({ path: 'usage.registers.0.schedule' });
    expect(schedule.json<Problem>().errors[0]?.message).toContain('energy, demand');

    const outside = await post(url, {
      ...period,
      usage: { intervals: hourlyIntervals('2026-08-01', 1, () => '1') },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<Problem>().errors[0]).toMatchObject({ path: 'usage.intervals.0.start' });

    const early = await post(url, {
      periodStart: '2018-01-01',
      periodEnd: '2018-02-01',
      usage: georgiaUsage,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json<Problem>().errors[0]).toMatchObject({ path: 'periodStart' });
  });

  it('rejects a request that is not one check', async () => {
    const url = `/v1/tariffs/${jacksonId}/rate-check`;
    const both = await post(url, {
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      accountId: crypto.randomUUID(),
      usage: { registers: [{ measure: 'energy', quantity: '1' }] },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json<Problem>().errors.map((error) => error.path)).toContain('usage');

    const long = await post(url, {
      periodStart: '2026-01-01',
      periodEnd: '2027-02-01',
      usage: { registers: [{ measure: 'energy', quantity: '1' }] },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json<Problem>().errors[0]).toMatchObject({ path: 'periodEnd' });

    const number = await post(url, {
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      usage: { registers: [{ measure: 'energy', quantity: 12.5 }] },
    });
    expect(number.statusCode).toBe(400);
    expect(number.json<Problem>().errors[0]?.path).toBe('usage.registers.0.quantity');
  });

  it('keeps other companies and readings apart', async () => {
    const { db } = database();
    const other = await insertCompany(db, { currency: 'USD', timeZone });
    const otherAccount = await insertMeteredAccount(db, other, await insertTariff(db, other.companyId));
    const period = { periodStart: '2026-01-01', periodEnd: '2026-02-01' };

    const unknownTariff = await post(`/v1/tariffs/${crypto.randomUUID()}/rate-check`, {
      ...period,
      usage: { registers: [{ measure: 'energy', quantity: '1' }] },
    });
    expect(unknownTariff.statusCode).toBe(404);
    const foreignAccount = await post(`/v1/tariffs/${jacksonId}/rate-check`, {
      ...period,
      accountId: otherAccount.accountId,
    });
    expect(foreignAccount.statusCode).toBe(404);

    const ratesOnly = (await createTestApiKey(db, company.companyId, ['rates:read'])).token;
    const own = await insertMeteredAccount(db, company, jacksonId);
    const withoutReadings = await post(
      `/v1/tariffs/${jacksonId}/rate-check`,
      { ...period, accountId: own.accountId },
      ratesOnly,
    );
    expect(withoutReadings.statusCode).toBe(403);
    expect(withoutReadings.json<Problem>().code).toBe('AUTH.PERMISSION_MISSING');
  });
});

/** Picks the fields of a line that the rating engine decides. */
function comparable(line: {
  description: string;
  quantity: string | null;
  unitPrice: string | null;
  amountMinor: unknown;
}) {
  return [line.description, line.quantity, line.unitPrice, String(line.amountMinor)];
}

function formatCents(amountMinor: bigint): string {
  const text = amountMinor.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Hourly kWh readings for `days` local days from `firstDay` in New York. */
function hourlyIntervals(
  firstDay: string,
  days: number,
  kwhAt: (hour: number, day: number) => string,
): { start: string; durationSeconds: number; kwh: string }[] {
  const intervals: { start: string; durationSeconds: number; kwh: string }[] = [];
  const first = Temporal.PlainDate.from(firstDay).toZonedDateTime(timeZone);
  const end = first.add({ days });
  for (let at = first, day = 0; Temporal.ZonedDateTime.compare(at, end) < 0; at = at.add({ hours: 1 })) {
    if (at.hour === 0 && Temporal.ZonedDateTime.compare(at, first) > 0) day++;
    intervals.push({ start: at.toInstant().toString(), durationSeconds: 3600, kwh: kwhAt(at.hour, day) });
  }
  return intervals;
}

/** Row counts of the tables a rate check must leave alone. */
async function countWrites(db: Db): Promise<Record<string, number>> {
  const result = await sql<Record<string, number>>`
    select (select count(*)::int from billing.bill) as bills,
           (select count(*)::int from billing.bill_line) as lines,
           (select count(*)::int from readings.register_read) as reads,
           (select count(*)::int from platform.audit_event) as audit_events,
           (select count(*)::int from platform.outbox_event) as outbox_events`.execute(db);
  return result.rows[0] ?? {};
}
