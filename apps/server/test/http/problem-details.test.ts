import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { conflict, ruleViolation } from '../../src/platform/errors/app-error.js';
import { pageQuerySchema } from '../../src/platform/validation/page.js';
import { plainDateSchema } from '../../src/platform/validation/plain-date-schema.js';
import type { HttpApp, RoutePlugin } from '../../src/platform/http/http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp, type CapturedLogs } from './test-http-app.js';

const problemRoutes: RoutePlugin = (app) => {
  app.post(
    '/test/echo',
    {
      config: { permission: 'companies:read' },
      schema: {
        body: z.object({
          name: z.string().min(1),
          lines: z.array(z.object({ amountMinor: z.string().regex(/^-?\d+$/) })),
        }),
      },
    },
    (request) => ({ received: request.body.lines.length }),
  );
  app.post(
    '/test/dated',
    {
      config: { permission: 'companies:read' },
      schema: { body: z.object({ reason: z.string(), startOn: z.iso.date(), endOn: plainDateSchema }) },
    },
    (request) => ({ reason: request.body.reason }),
  );
  app.get(
    '/test/paged',
    { config: { permission: 'companies:read' }, schema: { querystring: pageQuerySchema } },
    (request) => ({ limit: request.query.limit }),
  );
  app.get('/test/conflict', { config: { permission: 'companies:read' } }, () => {
    throw conflict('TEST.ALREADY_DONE', 'The thing was done already.');
  });
  app.get('/test/rule', { config: { permission: 'companies:read' } }, () => {
    throw ruleViolation('TEST.RULE', 'The rule says no.', [{ path: 'startDate', message: 'Too early.' }]);
  });
  app.get('/test/crash', { config: { permission: 'companies:read' } }, async (request) => {
    await sql`select * from companies.no_such_table where secret = 'hunter2'`.execute(request.db);
  });
  app.get('/test/duplicate', { config: { permission: 'companies:read' } }, async (request) => {
    // Row-level security accepts only the caller's own company id, so the duplicate reuses it.
    const company = await request.db
      .selectFrom('companies.company')
      .select(['id', 'code', 'name', 'currency', 'currency_minor_unit', 'time_zone'])
      .where('id', '=', request.context.companyId)
      .executeTakeFirstOrThrow();
    await request.db.insertInto('companies.company').values(company).execute();
  });
  app.get('/test/check', { config: { permission: 'companies:read' } }, async (request) => {
    await request.db
      .insertInto('companies.company')
      .values({
        id: request.context.companyId,
        code: 'BAD CODE',
        name: 'x',
        currency: 'EUR',
        currency_minor_unit: 2,
        time_zone: 'UTC',
      })
      .execute();
  });
  app.get('/test/foreign-key', { config: { permission: 'companies:read' } }, async (request) => {
    await request.db
      .insertInto('customers.customer_contact')
      .values({
        company_id: request.context.companyId,
        customer_id: '00000000-0000-4000-8000-000000000000',
        kind: 'email',
        value: 'nobody@example.com',
      })
      .execute();
  });
};

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(typeof body.code).toBe('string');
  expect(body.instance).toBe(response.headers['x-request-id']);
  expect(Array.isArray(body.errors)).toBe(true);
  return body as { detail: string; code: string; errors: { path: string; message: string }[] };
}

describeEachDatabase('problem details', (database) => {
  let app: HttpApp;
  let logs: CapturedLogs;
  let fixture: ApiKeyFixture;
  let auth: { authorization: string };

  beforeAll(async () => {
    const { db } = database();
    ({ app, logs } = await buildTestHttpApp(database(), {
      extraRoutePlugins: [problemRoutes],
      bodyLimitBytes: 4096,
    }));
    fixture = await createCompanyWithApiKey(db, ['companies:read']);
    auth = { authorization: `Bearer ${fixture.token}` };
  });
  afterAll(async () => {
    await app.close();
  });

  it('names each invalid field on 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: auth,
      payload: { name: '', lines: [{ amountMinor: '12' }, { amountMinor: '1.5' }] },
    });
    const body = expectProblem(response, 400);
    expect(body.code).toBe('HTTP.VALIDATION_FAILED');
    expect(body.errors.map((issue) => issue.path).sort()).toEqual(['lines.1.amountMinor', 'name']);
  });

  it('rejects NUL characters in body and query', async () => {
    const body = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: auth,
      payload: { name: 'a\u0000b', lines: [] },
    });
    expect(expectProblem(body, 400)).toMatchObject({
      code: 'HTTP.NUL_CHARACTER',
      errors: [{ path: 'body.name', message: 'contains a NUL character' }],
    });
    const query = await app.inject({ method: 'GET', url: '/v1/company?x=a%00b', headers: auth });
    expect(expectProblem(query, 400)).toMatchObject({
      code: 'HTTP.NUL_CHARACTER',
      errors: [{ path: 'query.x' }],
    });
  });

  it('calls an absent field missing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/dated',
      headers: auth,
      payload: { startOn: '2026-01-01', endOn: '2026-01-31' },
    });
    const body = expectProblem(response, 400);
    expect(body.errors).toEqual([
      { path: 'reason', message: 'missing', code: 'invalid_type', params: { missing: true } },
    ]);
    expect(body.detail).toBe('The request has invalid fields: reason: missing');
  });

  it('names the value of an impossible date', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/dated',
      headers: auth,
      payload: { reason: 'x', startOn: '2026-02-30', endOn: '2026-04-31' },
    });
    const body = expectProblem(response, 400);
    expect(body.errors).toEqual([
      {
        path: 'startOn',
        message: '2026-02-30 is not a valid date: February 2026 has 28 days',
        code: 'invalid_format',
        params: { format: 'date' },
      },
      {
        path: 'endOn',
        message: '2026-04-31 is not a valid date: April 2026 has 30 days',
        code: 'invalid_format',
        params: { format: 'date' },
      },
    ]);
  });

  it('prefixes query and header paths', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/paged?limit=0', headers: auth });
    const body = expectProblem(response, 400);
    expect(body.errors.map((issue) => issue.path)).toEqual(['query.limit']);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    const body = expectProblem(response, 400);
    expect(body.code).toBe('HTTP.INVALID_JSON');
    expect(body.detail).toMatch(/^The request body is not valid JSON \(.+\)\.$/);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: '<name/>',
    });
    expect(expectProblem(response, 415).code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a text body with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    const body = expectProblem(response, 415);
    expect(body.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
    expect(body.detail).toContain('Content-Type text/plain');
    expect(body.detail).toContain('application/json');
  });

  it('names a forbidden __proto__ key', async () => {
    for (const payload of [
      '{"name": "x", "lines": [], "__proto__": {"isAdmin": true}}',
      '{"name": "x", "lines": [{"amountMinor": "1", "\\u005f_proto__": {}}]}',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/test/echo',
        headers: { ...auth, 'content-type': 'application/json' },
        payload,
      });
      const body = expectProblem(response, 400);
      expect(body.code, payload).toBe('HTTP.FORBIDDEN_JSON_KEY');
      expect(body.detail).toContain('"__proto__" is not allowed');
    }
    const constructor = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name": "x", "lines": [], "constructor": {"prototype": {}}}',
    });
    expect(expectProblem(constructor, 400).detail).toContain('"constructor.prototype" is not allowed');
  });

  it('answers an empty JSON body with 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      payload: '',
    });
    expect(expectProblem(response, 400).code).toBe('HTTP.EMPTY_JSON_BODY');
  });

  it('answers a body over the limit with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: auth,
      payload: { name: 'x'.repeat(5000), lines: [] },
    });
    expect(expectProblem(response, 413).code).toBe('HTTP.BODY_TOO_LARGE');
  });

  it('answers an unknown route with 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/no-such-thing', headers: auth });
    expect(expectProblem(response, 404).code).toBe('HTTP.ROUTE_NOT_FOUND');
  });

  it('maps conflict and rule violation', async () => {
    const conflictResponse = await app.inject({ method: 'GET', url: '/test/conflict', headers: auth });
    expect(expectProblem(conflictResponse, 409).code).toBe('TEST.ALREADY_DONE');
    const ruleResponse = await app.inject({ method: 'GET', url: '/test/rule', headers: auth });
    const body = expectProblem(ruleResponse, 422);
    expect(body.errors).toEqual([{ path: 'startDate', message: 'Too early.' }]);
  });

  it('hides the cause of a 500 and logs it once', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/crash', headers: auth });
    const body = expectProblem(response, 500);
    expect(response.body).not.toMatch(/no_such_table|hunter2|select|stack|\bat /i);
    expect(body.code).toBe('HTTP.INTERNAL_ERROR');
    const logged = logs.lines.filter(
      (line) => line.msg === 'request failed' && line.requestId === response.headers['x-request-id'],
    );
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain('no_such_table');
  });

  it('maps a unique violation to 409', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/duplicate', headers: auth });
    const body = expectProblem(response, 409);
    expect(body.code).toBe('DATABASE.UNIQUE_VIOLATION');
    expect(response.body).not.toMatch(/insert|Key \(|duplicate key/i);
    expect(response.body).not.toContain(fixture.companyCode);
  });

  it('maps check and foreign key violations to 422', async () => {
    const check = await app.inject({ method: 'GET', url: '/test/check', headers: auth });
    expect(expectProblem(check, 422).code).toBe('DATABASE.CHECK_VIOLATION');
    expect(check.body).not.toContain('BAD CODE');
    const foreignKey = await app.inject({ method: 'GET', url: '/test/foreign-key', headers: auth });
    expect(expectProblem(foreignKey, 422).code).toBe('DATABASE.REFERENCE_NOT_FOUND');
    expect(foreignKey.body).not.toContain('00000000-0000-4000-8000-000000000000');
  });
});
