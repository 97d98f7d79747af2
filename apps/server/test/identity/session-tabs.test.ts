import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';

const password = 'correct horse battery staple';

describeEachDatabase('sessions used from several tabs', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(database().db);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${company.token}` },
      payload: { email: 'desk@example.com', displayName: 'Cash desk', roles: ['cashier'], kind: 'staff' },
    });
    expect(created.statusCode).toBe(201);
    const setup = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: {
        token: created.json<{ passwordSetup: { token: string } }>().passwordSetup.token,
        newPassword: password,
      },
    });
    expect(setup.statusCode).toBe(204);
  });
  afterAll(async () => {
    await app.close();
  });

  async function signIn(companyCode = company.companyCode) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: companyCode, email: 'desk@example.com', password },
    });
    const cookie = response.cookies.find((entry) => entry.name === 'cis_session')?.value ?? '';
    const body = response.json<{ csrfToken?: string }>();
    return { status: response.statusCode, cookie, csrf: body.csrfToken ?? '' };
  }

  it('returns the CSRF token with the session', async () => {
    const session = await signIn();

    const response = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json<{ csrfToken: string }>().csrfToken).toBe(session.csrf);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('gives other sites no CORS access to the token', async () => {
    const session = await signIn();

    const response = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
      headers: { origin: 'https://attacker.example' },
    });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/auth/session',
      headers: { origin: 'https://attacker.example', 'access-control-request-method': 'GET' },
    });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('signs out with the token another tab fetched', async () => {
    const session = await signIn();
    const fetched = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
    });
    const recoveredToken = fetched.json<{ csrfToken: string }>().csrfToken;

    const signOut = await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
      headers: { 'x-csrf-token': recoveredToken },
    });
    const after = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
    });

    expect(signOut.statusCode).toBe(204);
    expect(after.statusCode).toBe(401);
  });

  it('gives each session its own token', async () => {
    const first = await signIn();
    const second = await signIn();

    const crossed = await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      cookies: { cis_session: second.cookie },
      headers: { 'x-csrf-token': first.csrf },
    });

    expect(first.csrf).not.toBe(second.csrf);
    expect(crossed.statusCode).toBe(403);
    expect(crossed.json()).toMatchObject({ code: 'AUTH.CSRF_TOKEN_INVALID' });
  });

  it('matches the company code in any case', async () => {
    const upper = await signIn(` ${company.companyCode.toUpperCase()} `);
    const mixed = await signIn(company.companyCode.replace(/^co/, 'Co'));

    expect(upper.status).toBe(201);
    expect(mixed.status).toBe(201);
  });
});
