import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { problemParamTypes } from '../../src/platform/errors/problem-params.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { insertAccount, type CompanyFixture } from '../support/factories/company.js';
import { aTariff, aTariffVersion } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from './test-http-app.js';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

type Problem = {
  status: number;
  code: string;
  detail: string;
  params?: Record<string, unknown>;
  errors: { path: string; message: string; code?: string; params?: Record<string, unknown> }[];
};

describeEachDatabase('problem params', (database) => {
  let app: HttpApp;
  let key: ApiKeyFixture;
  let company: CompanyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    key = await createCompanyWithApiKey(db);
    const cycle = await db
      .insertInto('billing.bill_cycle')
      .values({ company_id: key.companyId, code: 'monthly', name: 'Monthly' })
      .returning('id')
      .executeTakeFirstOrThrow();
    company = { companyId: key.companyId, code: key.companyCode, billCycleId: cycle.id };
  });
  afterAll(async () => {
    await app.close();
  });

  async function send(method: 'GET' | 'POST', url: string, body?: unknown, token = key.token) {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: response.statusCode, problem: response.json<Problem>() };
  }

  /** Checks that `params` has exactly the names that problemParamTypes lists for the problem's code. */
  function expectDeclaredParams(problem: Problem) {
    const types = (problemParamTypes as Record<string, Record<string, string>>)[problem.code];
    expect(types, problem.code).toBeDefined();
    expect(Object.keys(problem.params ?? {}).sort()).toEqual(Object.keys(types ?? {}).sort());
    for (const [name, type] of Object.entries(types ?? {})) {
      const value = problem.params?.[name];
      if (type === 'integer') expect(Number.isInteger(value), name).toBe(true);
      else if (type === 'date') expect(value, name).toMatch(isoDate);
      else expect(typeof value, name).toBe('string');
    }
  }

  it('payment dated before the account opened', async () => {
    const { accountId } = await insertAccount(database().db, company);
    const { status, problem } = await send('POST', '/v1/payments', {
      accountId,
      amountMinor: '100',
      currency: 'EUR',
      receivedOn: '1999-01-01',
      method: 'cash',
    });

    expect(status).toBe(422);
    expect(problem.code).toBe('PAYMENTS.RECEIVED_ON_BEFORE_OPENING');
    expectDeclaredParams(problem);
    expect(problem.params?.receivedOn).toBe('1999-01-01');
    // The account was created today, so it opened today.
    expect(problem.params?.openedOn).toBe(problem.params?.today);
    expect(problem.detail).toContain('1999-01-01');
  });

  it('payment dated after today', async () => {
    const { accountId } = await insertAccount(database().db, company);
    const { problem } = await send('POST', '/v1/payments', {
      accountId,
      amountMinor: '100',
      currency: 'EUR',
      receivedOn: '2099-01-01',
      method: 'cash',
    });

    expect(problem.code).toBe('PAYMENTS.RECEIVED_ON_IN_FUTURE');
    expectDeclaredParams(problem);
    expect(problem.params?.receivedOn).toBe('2099-01-01');
  });

  it('payment in another currency', async () => {
    const { accountId } = await insertAccount(database().db, company);
    const { problem } = await send('POST', '/v1/payments', {
      accountId,
      amountMinor: '100',
      currency: 'USD',
      method: 'cash',
    });

    expect(problem.code).toBe('PAYMENTS.CURRENCY_MISMATCH');
    expectDeclaredParams(problem);
    expect(problem.params).toEqual({ currency: 'USD', companyCurrency: 'EUR' });
  });

  it('reversal dated before the payment or after today', async () => {
    const { accountId } = await insertAccount(database().db, company);
    const posted = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { authorization: `Bearer ${key.token}`, 'idempotency-key': randomUUID() },
      payload: { accountId, amountMinor: '100', currency: 'EUR', method: 'cash' },
    });
    const payment = posted.json<{ id: string; receivedOn: string }>();

    const early = await send('POST', `/v1/payments/${payment.id}/reversal`, {
      reason: 'Entered twice',
      reversedOn: '2000-01-01',
    });
    const late = await send('POST', `/v1/payments/${payment.id}/reversal`, {
      reason: 'Entered twice',
      reversedOn: '2099-01-01',
    });

    expect(early.problem.code).toBe('PAYMENTS.REVERSAL_BEFORE_PAYMENT');
    expectDeclaredParams(early.problem);
    expect(early.problem.params).toEqual({ reversedOn: '2000-01-01', receivedOn: payment.receivedOn });
    expect(late.problem.code).toBe('PAYMENTS.REVERSAL_IN_FUTURE');
    expectDeclaredParams(late.problem);
    expect(late.problem.params?.reversedOn).toBe('2099-01-01');
  });

  it('bill run cut off after today', async () => {
    const { status, problem } = await send('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2099-01-31',
    });

    expect(status).toBe(422);
    expect(problem.code).toBe('BILLING.CUT_OFF_IN_FUTURE');
    expectDeclaredParams(problem);
    expect(problem.params?.cutOffOn).toBe('2099-01-31');
    expect(problem.params?.today).toBe(Temporal.Now.plainDateISO('Europe/Madrid').toString());
  });

  it('repeated URDB import', async () => {
    const document = readFileSync(path.join(urdbFolder, 'georgia-power-tou-gsd-10.json'), 'utf8');
    const code = `georgia-${randomUUID().slice(0, 8)}`;
    const first = await send('POST', '/v1/tariffs/urdb-imports', { document, code });
    const again = await send('POST', '/v1/tariffs/urdb-imports', { document, code });
    const version = (first.problem as unknown as { version: { effectiveFrom: string } }).version;

    expect(first.status).toBe(201);
    expect(again.status).toBe(409);
    expect(again.problem.code).toBe('RATES.VERSION_OVERLAP');
    expectDeclaredParams(again.problem);
    expect(again.problem.params).toEqual({ effectiveFrom: version.effectiveFrom });
  });

  it('rate check of an account without agreement', async () => {
    const { db } = database();
    const tariff = await aTariff(db, company);
    await aTariffVersion(db, company, tariff, { effectiveFrom: '2024-01-01' });
    const { accountId, accountNumber } = await insertAccount(db, company);

    const { status, problem } = await send('POST', `/v1/tariffs/${tariff.id}/rate-check`, {
      periodStart: '2025-01-01',
      periodEnd: '2025-02-01',
      accountId,
    });

    expect(status).toBe(422);
    expect(problem.code).toBe('BILLING.RATE_CHECK_NO_AGREEMENT');
    expectDeclaredParams(problem);
    expect(problem.params).toEqual({ accountNumber, periodStart: '2025-01-01', periodEnd: '2025-02-01' });
  });

  it('missing permission', async () => {
    const { token } = await createTestApiKey(database().db, key.companyId, ['customers:read']);
    const { status, problem } = await send('GET', '/v1/payments', undefined, token);

    expect(status).toBe(403);
    expect(problem.code).toBe('AUTH.PERMISSION_MISSING');
    expect(problem.params).toEqual({ permission: 'payments:read' });
  });

  it('failed sign-in', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: key.companyCode, email: 'nobody@example.com', password: 'wrong password' },
    });
    const problem = response.json<Problem>();

    expect(response.statusCode).toBe(401);
    expect(problem.code).toBe('AUTH.SIGN_IN_FAILED');
    expectDeclaredParams(problem);
    expect(problem.params).toEqual({ lockoutMinutes: 15, maxFailedSignIns: 5 });
  });

  it('rate limit of the sign-in route', async () => {
    // A global window other than the sign-in route's 60 seconds checks that the route's own is named.
    const { app: limited } = await buildTestHttpApp(database(), {
      signInsPerMinute: 1,
      rateLimit: { max: 1000, windowMs: 10_000 },
    });
    try {
      const signIn = () =>
        limited.inject({
          method: 'POST',
          url: '/v1/auth/sessions',
          payload: { company: 'nobody', email: 'nobody@example.com', password: 'wrong password' },
        });
      expect((await signIn()).statusCode).toBe(401);
      const response = await signIn();
      const problem = response.json<Problem>();

      expect(response.statusCode).toBe(429);
      expect(problem.code).toBe('HTTP.TOO_MANY_REQUESTS');
      expectDeclaredParams(problem);
      expect(problem.params?.limit).toBe(1);
      expect(problem.params?.windowSeconds).toBe(60);
      expect(problem.params?.retryAfterSeconds).toBe(Number(response.headers['retry-after']));
      expect(problem.detail).toContain('per 60 seconds');
    } finally {
      await limited.close();
    }
  });

  it('codes without params send none', async () => {
    const { status, problem } = await send('GET', `/v1/payments/${randomUUID()}`);

    expect(status).toBe(404);
    expect(problem.code).toBe('PAYMENTS.PAYMENT_NOT_FOUND');
    expect(problem).not.toHaveProperty('params');
  });

  it('query issues carry their zod code and input', async () => {
    const { status, problem } = await send('GET', '/v1/payments?limit=9999&receivedOnFrom=2026-02-30');

    expect(status).toBe(400);
    expect(problem.code).toBe('HTTP.VALIDATION_FAILED');
    const limit = problem.errors.find((error) => error.path === 'query.limit');
    const receivedOnFrom = problem.errors.find((error) => error.path === 'query.receivedOnFrom');
    expect(limit?.code).toBe('too_big');
    expect(limit?.params).toMatchObject({ origin: 'number', maximum: 500, input: 9999 });
    expect(receivedOnFrom?.code).toBe('invalid_format');
    expect(receivedOnFrom?.params).toEqual({ format: 'date', input: '2026-02-30' });
  });

  it('body issues carry their zod code but never their input', async () => {
    const { status, problem } = await send('POST', '/v1/payments', {
      amountMinor: '100',
      currency: 'EUR',
      method: 'cash',
      reference: 'x'.repeat(141),
    });

    expect(status).toBe(400);
    const accountId = problem.errors.find((error) => error.path === 'accountId');
    const reference = problem.errors.find((error) => error.path === 'reference');
    expect(accountId?.code).toBe('invalid_type');
    expect(accountId?.params).toEqual({ missing: true });
    expect(reference?.code).toBe('too_big');
    expect(reference?.params).toEqual({ origin: 'string', maximum: 140 });
    expect(JSON.stringify(problem)).not.toContain('x'.repeat(141));
  });

  it('documents the problem schema and every code with params', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json<{
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    }>();
    const schemas = document.components.schemas;

    expect(schemas.Problem?.properties).toHaveProperty('params');
    expect(schemas.ProblemFieldIssue?.properties).toHaveProperty('code');
    for (const [code, types] of Object.entries(problemParamTypes)) {
      expect(schemas[`ProblemParams.${code}`]?.required?.sort(), code).toEqual(Object.keys(types).sort());
    }
    expect(document.paths['/v1/payments']?.post?.responses?.['4XX']).toEqual({
      description: 'The request was rejected',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });
});
