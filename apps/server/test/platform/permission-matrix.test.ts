import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentPermissions, builtInRoles } from '../../src/modules/identity/domain/built-in-roles.js';
import { createApiKey, createUser } from '../../src/modules/identity/index.js';
import { allPermissions } from '../../src/platform/auth/permissions.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { aCustomer } from '../support/factories/customers.js';
import { describeEachDatabase } from '../support/test-database.js';

const someId = '01a24400-0000-7000-8000-000000000000';

/** Each non-public route once per method, with its path parameters filled with a made-up id. */
function protectedRoutes(
  app: HttpApp,
): { method: string; url: string; permission: string; kinds: readonly string[] }[] {
  return app.declaredRoutes
    .filter((route: RouteOptions) => route.config?.public !== true)
    .flatMap((route) => {
      const config = route.config as { permission: string; principals?: readonly string[] };
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
        (method) => method !== 'HEAD',
      );
      return methods.map((method) => ({
        method,
        url: route.url.replace(/:[A-Za-z]+/g, (name) => (name === ':unit' ? 'kWh' : someId)),
        permission: config.permission,
        kinds: config.principals ?? ['staff'],
      }));
    });
}

describeEachDatabase('permission matrix', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(database().db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses every route to a key without its permission', async () => {
    const routes = protectedRoutes(app).filter((route) => route.permission !== 'self');
    expect(routes.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const route of routes) {
      // The key has every permission but the one the route needs.
      const granted = allPermissions.filter(
        (permission) => permission !== '*' && permission !== route.permission,
      );
      const key = await createApiKey(database().db, systemContext(company.companyId), {
        name: `all but ${route.permission}`,
        permissions: granted,
      });
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url,
        headers: { authorization: `Bearer ${key.token}`, 'idempotency-key': 'matrix' },
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      const code = response.json<{ code?: string }>().code;
      if (response.statusCode !== 403 || code !== 'AUTH.PERMISSION_MISSING') {
        problems.push(`${route.method} ${route.url} (${route.permission}): ${response.statusCode} ${code}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps customer and agent sessions off staff routes', async () => {
    const { db } = database();
    const customer = await aCustomer(db, {
      companyId: company.companyId,
      code: company.companyCode,
      billCycleId: '',
    });
    const sessions: Record<string, { cookie: string; csrf: string }> = {};
    for (const kind of ['customer', 'agent'] as const) {
      const email = `${kind}@matrix.example.com`;
      const created = await createUser(db, systemContext(company.companyId), {
        kind,
        email,
        displayName: kind,
        roles: [],
        ...(kind === 'customer' ? { customerId: customer.id } : {}),
      });
      const password = 'matrix password long enough';
      await app.inject({
        method: 'POST',
        url: '/v1/auth/password-resets',
        payload: { token: created.passwordSetupToken, newPassword: password },
      });
      const signedIn = await app.inject({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { company: company.companyCode, kind, email, password },
      });
      sessions[kind] = {
        cookie: signedIn.cookies.find((cookie) => cookie.name === 'cis_session')?.value ?? '',
        csrf: signedIn.json<{ csrfToken: string }>().csrfToken,
      };
    }
    const problems: string[] = [];
    for (const route of protectedRoutes(app)) {
      for (const [kind, session] of Object.entries(sessions)) {
        if (route.kinds.includes(kind)) continue;
        const response = await app.inject({
          method: route.method as 'GET',
          url: route.url,
          cookies: { cis_session: session.cookie },
          headers: { 'x-csrf-token': session.csrf },
        });
        const code = response.json<{ code?: string }>().code;
        const refused = response.statusCode === 403 && code === 'AUTH.WRONG_PRINCIPAL_KIND';
        if (!refused) problems.push(`${kind} ${route.method} ${route.url}: ${response.statusCode} ${code}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('grants vend corrections to administrators only', () => {
    // Cashiers and agents sell with vending:write and must not take back a released sale.
    const granting = builtInRoles
      .filter((role) => role.permissions.some((permission) => permission === 'vend-corrections:write'))
      .map((role) => role.code);
    expect(granting).toEqual([]);
    expect(builtInRoles.find((role) => role.code === 'administrator')?.permissions).toEqual(['*']);
    expect(agentPermissions).not.toContain('vend-corrections:write');
    expect(agentPermissions).not.toContain('*');
  });

  it('checks the permission in use cases too', async () => {
    const context = { ...systemContext(company.companyId), permissions: ['customers:read'] };
    await expect(
      createUser(database().db, context, {
        kind: 'staff',
        email: 'x@example.com',
        displayName: 'X',
        roles: [],
      }),
    ).rejects.toMatchObject({ code: 'AUTH.PERMISSION_MISSING' });
    await expect(
      createApiKey(database().db, context, { name: 'x', permissions: ['customers:read'] }),
    ).rejects.toMatchObject({ code: 'AUTH.PERMISSION_MISSING' });
  });

  it('serves the session routes to signed-in users only', async () => {
    const routes = protectedRoutes(app).filter((route) => route.permission === 'self');
    expect(routes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      'DELETE /v1/auth/session',
      'GET /v1/auth/session',
      'GET /v1/self-service/prepaid/meters',
      'GET /v1/self-service/prepaid/vends',
      'POST /v1/auth/totp',
      'POST /v1/auth/totp/confirmation',
    ]);
    for (const route of routes) {
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url,
        headers: { authorization: `Bearer ${company.token}` },
        ...(route.method === 'POST' ? { payload: { code: '123456' } } : {}),
      });
      expect({ route: route.url, status: response.statusCode }).toEqual({ route: route.url, status: 403 });
    }
  });
});
