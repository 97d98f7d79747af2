import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, revokeApiKey } from '../../src/modules/identity/index.js';
import { API_KEY_CACHE_MS } from '../../src/modules/identity/app/authenticate-api-key.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp, RoutePlugin } from '../../src/platform/http/http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { readRateLimit, readSignInLimit } from '../../src/server/build-http-app.js';
import { buildTestHttpApp, type CapturedLogs } from './test-http-app.js';

const whoAmI: RoutePlugin = (app) => {
  app.get('/test/who-am-i', { config: { permission: 'customers:read' } }, (request) => {
    request.log.info({ email: 'ada@example.com', iban: 'ES9121000418450200051332' }, 'who am i');
    return {
      companyId: request.context.companyId,
      actor: request.context.actor,
      requestId: request.context.requestId,
    };
  });
};

describeEachDatabase('authentication', (database) => {
  let app: HttpApp;
  let logs: CapturedLogs;
  let fixture: ApiKeyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app, logs } = await buildTestHttpApp(database(), { extraRoutePlugins: [whoAmI] }));
    fixture = await createCompanyWithApiKey(db, ['customers:read']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('accepts a bearer token and sets the context', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { authorization: `Bearer ${fixture.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      companyId: fixture.companyId,
      actor: { kind: 'api-key', id: fixture.keyId },
      requestId: response.headers['x-request-id'],
    });
  });

  it('accepts the X-API-Key header', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { 'x-api-key': fixture.token },
    });
    expect(response.statusCode).toBe(200);
  });

  it('logs with ids and redacts secrets', async () => {
    await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { authorization: `Bearer ${fixture.token}` },
    });
    const line = logs.lines.find((entry) => entry.msg === 'who am i');
    expect(line?.companyId).toBe(fixture.companyId);
    expect(line?.actorId).toBe(fixture.keyId);
    expect(typeof line?.requestId).toBe('string');
    expect(line?.email).toBe('[redacted]');
    expect(line?.iban).toBe('[redacted]');
    expect(logs.text()).not.toContain(fixture.token);
  });

  it('logs one line per request', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/test/who-am-i?page=1',
      headers: { authorization: `Bearer ${fixture.token}` },
    });
    const requestId = response.headers['x-request-id'];
    const lines = logs.lines.filter((entry) => entry.requestId === requestId && entry.msg !== 'who am i');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/test/who-am-i?page=1' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]?.responseTime).toBe('number');
  });

  it('rejects a missing key with 401', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/who-am-i' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json()).toMatchObject({ status: 401, code: 'AUTH.MISSING_CREDENTIALS' });
  });

  it('rejects malformed and unknown keys with 401', async () => {
    const wrongSecret = fixture.token.slice(0, -4) + (fixture.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const token of ['nonsense', wrongSecret, `${fixture.token}x`]) {
      const response = await app.inject({
        method: 'GET',
        url: '/test/who-am-i',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, token).toBe(401);
      expect(response.json()).toMatchObject({ code: 'AUTH.INVALID_API_KEY' });
    }
    const basic = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { authorization: 'Basic eDp5' },
    });
    expect(basic.json()).toMatchObject({ status: 401, code: 'AUTH.UNSUPPORTED_SCHEME' });
  });

  it('rejects a key without the permission with 403', async () => {
    const { db } = database();
    const readOnly = await createTestApiKey(db, fixture.companyId, ['billing:read']);
    const response = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { authorization: `Bearer ${readOnly.token}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'AUTH.PERMISSION_MISSING' });
  });

  it('grants every route to a * key', async () => {
    const { db } = database();
    const all = await createTestApiKey(db, fixture.companyId, ['*']);
    const response = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { 'x-api-key': all.token },
    });
    expect(response.statusCode).toBe(200);
  });

  it('rejects a revoked key with 401', async () => {
    const { db } = database();
    const key = await createTestApiKey(db, fixture.companyId, ['customers:read']);
    const before = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { 'x-api-key': key.token },
    });
    expect(before.statusCode).toBe(200);
    await revokeApiKey(db, systemContext(fixture.companyId, 'test'), key.keyId);
    const after = await app.inject({
      method: 'GET',
      url: '/test/who-am-i',
      headers: { 'x-api-key': key.token },
    });
    expect(after.statusCode).toBe(401);
  });

  it('updates last_used_at at most once a minute', async () => {
    const { db } = database();
    const key = await createTestApiKey(db, fixture.companyId, ['customers:read']);
    const lastUsed = async () =>
      (
        await db
          .selectFrom('identity.api_key')
          .select('last_used_at')
          .where('company_id', '=', fixture.companyId)
          .where('id', '=', key.keyId)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect(await lastUsed()).toBeNull();

    const call = () =>
      app.inject({ method: 'GET', url: '/test/who-am-i', headers: { 'x-api-key': key.token } });
    await call();
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await call();
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());

    await sql`update identity.api_key set last_used_at = now() - interval '2 minutes'
      where company_id = ${fixture.companyId} and id = ${key.keyId}`.execute(db);
    const aged = await lastUsed();
    // The key's row stays cached for API_KEY_CACHE_MS, so a request that much later reads the aged time.
    const later = new Date(Date.now() + API_KEY_CACHE_MS);
    expect(await authenticateApiKey(database(), key.token, later)).toMatchObject({ keyId: key.keyId });
    expect((await lastUsed())?.getTime()).toBeGreaterThan(aged?.getTime() ?? Infinity);
  });

  it('caches a key until revoked here', async () => {
    const { db } = database();
    const key = await createTestApiKey(db, fixture.companyId, ['customers:read']);
    const call = () =>
      app.inject({ method: 'GET', url: '/test/who-am-i', headers: { 'x-api-key': key.token } });
    expect((await call()).statusCode).toBe(200);

    // A revocation written by another server process shows here once the cached row expires.
    await sql`update identity.api_key set revoked_at = now()
      where company_id = ${fixture.companyId} and id = ${key.keyId}`.execute(db);
    expect((await call()).statusCode).toBe(200);
    const later = new Date(Date.now() + API_KEY_CACHE_MS);
    expect(await authenticateApiKey(database(), key.token, later)).toBeUndefined();
    expect((await call()).statusCode).toBe(401);

    const other = await createTestApiKey(db, fixture.companyId, ['customers:read']);
    const callOther = () =>
      app.inject({ method: 'GET', url: '/test/who-am-i', headers: { 'x-api-key': other.token } });
    expect((await callOther()).statusCode).toBe(200);
    await revokeApiKey(db, systemContext(fixture.companyId, 'test'), other.keyId.toUpperCase());
    expect((await callOther()).statusCode).toBe(401);
  });

  it('checks the secret of a cached key', async () => {
    const key = await createTestApiKey(database().db, fixture.companyId, ['customers:read']);
    const call = (token: string) =>
      app.inject({ method: 'GET', url: '/test/who-am-i', headers: { 'x-api-key': token } });
    expect((await call(key.token)).statusCode).toBe(200);
    // A character well inside the secret, whose six bits all count.
    const at = key.token.length - 10;
    const changed = key.token[at] === 'A' ? 'B' : 'A';
    expect((await call(`${key.token.slice(0, at)}${changed}${key.token.slice(at + 1)}`)).statusCode).toBe(
      401,
    );
  });

  it('serves public routes without a key', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const deepLink = await app.inject({ method: 'GET', url: '/customers/123?page=2' });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.headers['content-type']).toMatch(/^text\/html/);
    const unknownApi = await app.inject({ method: 'GET', url: '/v1/no-such-route' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json()).toMatchObject({ code: 'HTTP.ROUTE_NOT_FOUND' });
    const missingAsset = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missingAsset.statusCode).toBe(404);
  });
});

describeEachDatabase('rate limit', (database) => {
  it('limits each API key separately', async () => {
    const { db } = database();
    const { app } = await buildTestHttpApp(database(), {
      extraRoutePlugins: [whoAmI],
      rateLimit: { max: 2, windowMs: 60_000 },
    });
    try {
      const first = await createCompanyWithApiKey(db, ['customers:read']);
      const second = await createTestApiKey(db, first.companyId, ['customers:read']);
      const call = (token: string) =>
        app.inject({ method: 'GET', url: '/test/who-am-i', headers: { 'x-api-key': token } });
      expect((await call(first.token)).statusCode).toBe(200);
      expect((await call(first.token)).statusCode).toBe(200);
      const limited = await call(first.token);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, code: 'HTTP.TOO_MANY_REQUESTS' });
      const retryAfterSeconds = Number(limited.headers['retry-after']);
      expect(retryAfterSeconds).toBeGreaterThan(0);
      expect(retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(limited.json<{ detail: string }>().detail).toBe(
        `Rate limit of 2 requests per 60 seconds exceeded: retry after ${retryAfterSeconds} seconds, as the Retry-After header says.`,
      );
      expect((await call(second.token)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('never limits the pages and files of the web app', async () => {
    const { app } = await buildTestHttpApp(database(), { rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      for (let request = 0; request < 5; request += 1) {
        expect((await app.inject({ method: 'GET', url: '/customers' })).statusCode).toBe(200);
      }
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('limits sign-ins per address to the configured number', async () => {
    const { app } = await buildTestHttpApp(database(), { signInsPerMinute: 3 });
    try {
      const signIn = () =>
        app.inject({
          method: 'POST',
          url: '/v1/auth/sessions',
          payload: { company: 'nobody', email: 'nobody@example.com', password: 'wrong password' },
        });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await signIn()).statusCode).toBe(401);
      }
      expect((await signIn()).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('readSignInLimit', () => {
  it('defaults to 30 and reads CIS_SIGN_IN_LIMIT', () => {
    expect(readSignInLimit({})).toBe(30);
    expect(readSignInLimit({ CIS_SIGN_IN_LIMIT: '200' })).toBe(200);
  });

  it('rejects a limit that is not a whole number of 1 or more', () => {
    for (const value of ['0', '-5', '2.5', 'many']) {
      expect(() => readSignInLimit({ CIS_SIGN_IN_LIMIT: value })).toThrow(
        `Invalid CIS_SIGN_IN_LIMIT "${value}": set it to a whole number of sign-in attempts per client address per minute, 1 or more (default 30).`,
      );
    }
  });
});

describe('readRateLimit', () => {
  it('defaults to 600 a minute and reads CIS_RATE_LIMIT', () => {
    expect(readRateLimit({})).toEqual({ max: 600, windowMs: 60_000 });
    expect(readRateLimit({ CIS_RATE_LIMIT: '120000' })).toEqual({ max: 120_000, windowMs: 60_000 });
  });

  it('rejects a limit that is not a whole number of 1 or more', () => {
    for (const value of ['0', '-5', '2.5', 'many']) {
      expect(() => readRateLimit({ CIS_RATE_LIMIT: value })).toThrow(
        `Invalid CIS_RATE_LIMIT "${value}": set it to a whole number of requests per API key, user or client address per minute, 1 or more (default 600).`,
      );
    }
  });
});
