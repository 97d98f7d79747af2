import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, generateTotpCode } from '../../src/modules/identity/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp, type CapturedLogs } from '../http/test-http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { aCustomer } from '../support/factories/customers.js';
import { describeEachDatabase } from '../support/test-database.js';

const password = 'correct horse battery staple';

type SignedIn = { cookie: string; csrf: string; status: number; body: Record<string, unknown> };

describeEachDatabase('users and sessions', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;
  let logs: CapturedLogs;

  beforeAll(async () => {
    ({ app, logs } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(database().db);
  });
  afterAll(async () => {
    await app.close();
  });

  /** Creates a user through the API and sets its password with the one-time token. */
  async function aUser(email: string, roles: string[], kind = 'staff', customerId?: string): Promise<string> {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${company.token}` },
      payload: { email, displayName: email, roles, kind, ...(customerId ? { customerId } : {}) },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ user: { id: string }; passwordSetup: { token: string } }>();
    const reset = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: body.passwordSetup.token, newPassword: password },
    });
    expect(reset.statusCode).toBe(204);
    return body.user.id;
  }

  async function signIn(email: string, extra: Record<string, unknown> = {}): Promise<SignedIn> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: company.companyCode, email, password, ...extra },
    });
    const cookie = response.cookies.find((entry) => entry.name === 'cis_session');
    const body = response.json<Record<string, unknown>>();
    return {
      cookie: cookie?.value ?? '',
      csrf: typeof body.csrfToken === 'string' ? body.csrfToken : '',
      status: response.statusCode,
      body,
    };
  }

  it('signs in with a secure session cookie', async () => {
    await aUser('cashier@example.com', ['cashier']);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: company.companyCode, email: 'Cashier@Example.com', password },
    });
    expect(response.statusCode).toBe(201);
    const cookie = response.cookies.find((entry) => entry.name === 'cis_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).toMatch(/^cis_session_/);

    const session = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: cookie?.value ?? '' },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      kind: 'staff',
      user: { email: 'cashier@example.com', roles: ['cashier'] },
      permissions: expect.arrayContaining(['payments:write']) as unknown,
    });
  });

  it('keeps passwords and session tokens out of the log', async () => {
    const session = await signIn('cashier@example.com');
    await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      cookies: { cis_session: session.cookie },
      headers: { 'x-csrf-token': session.csrf },
    });
    expect(session.cookie).not.toBe('');
    expect(logs.text()).not.toContain(password);
    expect(logs.text()).not.toContain(session.cookie);
    expect(logs.text()).not.toContain(session.csrf);
  });

  it('checks the role permissions of a session', async () => {
    const session = await signIn('cashier@example.com');
    const allowed = await app.inject({
      method: 'GET',
      url: '/v1/accounts',
      cookies: { cis_session: session.cookie },
    });
    const denied = await app.inject({
      method: 'GET',
      url: '/v1/tariffs',
      cookies: { cis_session: session.cookie },
    });
    expect(allowed.statusCode).toBe(200);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'AUTH.PERMISSION_MISSING' });
  });

  it('rejects a cookie write without the CSRF token', async () => {
    const session = await signIn('cashier@example.com');
    const payload = { kind: 'person', familyName: 'Csrf' };
    const cookies = { cis_session: session.cookie };
    const withoutToken = await app.inject({ method: 'DELETE', url: '/v1/auth/session', cookies });
    const wrongToken = await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      cookies,
      headers: { 'x-csrf-token': 'A'.repeat(43) },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json()).toMatchObject({ code: 'AUTH.CSRF_TOKEN_INVALID' });
    expect(wrongToken.statusCode).toBe(403);
    const signedOut = await app.inject({
      method: 'DELETE',
      url: '/v1/auth/session',
      cookies,
      headers: { 'x-csrf-token': session.csrf },
    });
    expect(signedOut.statusCode).toBe(204);
    const after = await app.inject({ method: 'POST', url: '/v1/customers', cookies, payload });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH.SESSION_EXPIRED' });
  });

  it('locks an account after five failed sign-ins', async () => {
    await aUser('target@example.com', ['auditor']);
    const attempts = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      attempts.push((await signIn('target@example.com', { password: `wrong password ${attempt}` })).status);
    }
    expect(attempts).toEqual([401, 401, 401, 401, 401]);
    const locked = await signIn('target@example.com');
    expect(locked.status).toBe(401);
    expect(locked.body).toMatchObject({ code: 'AUTH.SIGN_IN_FAILED' });
    const unknown = await signIn('nobody@example.com');
    expect(unknown.body).toMatchObject({ code: 'AUTH.SIGN_IN_FAILED', detail: locked.body.detail });

    const user = await database()
      .db.selectFrom('identity.user_account')
      .select(['id', 'locked_until', 'failed_logins'])
      .where('company_id', '=', company.companyId)
      .where('email', '=', 'target@example.com')
      .executeTakeFirstOrThrow();
    expect(user.locked_until?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const unlocked = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: { authorization: `Bearer ${company.token}` },
      payload: { unlock: true },
    });
    expect(unlocked.statusCode).toBe(200);
    expect((await signIn('target@example.com')).status).toBe(201);
  });

  it('asks for and checks the TOTP code once enabled', async () => {
    await aUser('analyst@example.com', ['billing-analyst']);
    const session = await signIn('analyst@example.com');
    const cookies = { cis_session: session.cookie };
    const headers = { 'x-csrf-token': session.csrf };
    const setup = await app.inject({ method: 'POST', url: '/v1/auth/totp', cookies, headers });
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Open%20CIS:analyst%40example.com\?/);
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/auth/totp/confirmation',
      cookies,
      headers,
      payload: { code: generateTotpCode(secret, Date.now() - 10 * 60_000) },
    });
    expect(wrong.statusCode).toBe(400);
    // The previous step's code is still accepted (clock drift), and leaves the current one unused.
    const confirmed = await app.inject({
      method: 'POST',
      url: '/v1/auth/totp/confirmation',
      cookies,
      headers,
      payload: { code: generateTotpCode(secret, Date.now() - 30_000) },
    });
    expect(confirmed.statusCode).toBe(204);

    const withoutCode = await signIn('analyst@example.com');
    expect(withoutCode.body).toMatchObject({ code: 'AUTH.TOTP_REQUIRED' });
    const staleCode = await signIn('analyst@example.com', {
      totpCode: generateTotpCode(secret, Date.now() - 10 * 60_000),
    });
    expect(staleCode.body).toMatchObject({ code: 'AUTH.SIGN_IN_FAILED' });
    const code = generateTotpCode(secret, Date.now());
    const withCode = await signIn('analyst@example.com', { totpCode: code });
    expect(withCode.status).toBe(201);
    const replayed = await signIn('analyst@example.com', { totpCode: code });
    expect(replayed.body).toMatchObject({ code: 'AUTH.SIGN_IN_FAILED' });
  });

  it('hides the second factor of a disabled user', async () => {
    const userId = await aUser('leaver@example.com', ['auditor']);
    await database()
      .db.updateTable('identity.user_account')
      .set({ totp_enabled: true, totp_secret: 'JBSWY3DPEHPK3PXP', status: 'disabled' })
      .where('company_id', '=', company.companyId)
      .where('id', '=', userId)
      .execute();
    expect((await signIn('leaver@example.com')).body).toMatchObject({ code: 'AUTH.SIGN_IN_FAILED' });
  });

  it('creates and changes a role of the company', async () => {
    const create = (payload: Record<string, unknown>, token = company.token) =>
      app.inject({
        method: 'POST',
        url: '/v1/roles',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const created = await create({
      code: 'meter-reader',
      name: 'Meter reader',
      permissions: ['readings:read'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'meter-reader',
      builtIn: false,
      permissions: ['readings:read'],
    });
    expect(
      (await create({ code: 'meter-reader', name: 'Again', permissions: ['readings:read'] })).statusCode,
    ).toBe(409);

    await aUser('reader@example.com', ['meter-reader']);
    const session = await signIn('reader@example.com');
    const reads = await app.inject({
      method: 'GET',
      url: '/v1/meters',
      cookies: { cis_session: session.cookie },
    });
    expect(reads.statusCode).toBe(403);
    const roleId = created.json<{ id: string }>().id;
    const changed = await app.inject({
      method: 'PATCH',
      url: `/v1/roles/${roleId}`,
      headers: { authorization: `Bearer ${company.token}` },
      payload: { permissions: ['readings:read', 'devices:read'] },
    });
    expect(changed.statusCode).toBe(200);
    const after = await app.inject({
      method: 'GET',
      url: '/v1/meters',
      cookies: { cis_session: session.cookie },
    });
    expect(after.statusCode).toBe(200);

    const roles = await app.inject({
      method: 'GET',
      url: '/v1/roles',
      headers: { authorization: `Bearer ${company.token}` },
    });
    const admin = roles
      .json<{ items: { id: string; code: string }[] }>()
      .items.find((role) => role.code === 'administrator');
    const builtIn = await app.inject({
      method: 'PATCH',
      url: `/v1/roles/${admin?.id ?? ''}`,
      headers: { authorization: `Bearer ${company.token}` },
      payload: { name: 'Boss' },
    });
    expect(builtIn.statusCode).toBe(422);
    const limited = await createTestApiKey(database().db, company.companyId, ['identity:write']);
    const escalation = await create({ code: 'all-powerful', name: 'All', permissions: ['*'] }, limited.token);
    expect(escalation.statusCode).toBe(403);
  });

  it('lets no one change a user or key above their own permissions', async () => {
    const adminId = await aUser('admin@example.com', ['administrator']);
    const limited = await createTestApiKey(database().db, company.companyId, [
      'identity:write',
      'identity:read',
    ]);
    const auth = { authorization: `Bearer ${limited.token}` };
    const reset = await app.inject({
      method: 'POST',
      url: `/v1/users/${adminId}/password-reset`,
      headers: auth,
    });
    const disable = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${adminId}`,
      headers: auth,
      payload: { status: 'disabled' },
    });
    const revoke = await app.inject({
      method: 'POST',
      url: `/v1/api-keys/${company.keyId}/revoke`,
      headers: auth,
    });
    for (const response of [reset, disable, revoke]) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'IDENTITY.TARGET_OUTRANKS_CALLER' });
    }
    const customer = await aCustomer(database().db, {
      companyId: company.companyId,
      code: company.companyCode,
      billCycleId: '',
    });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: auth,
      payload: { kind: 'customer', email: 'takeover@example.com', displayName: 'T', customerId: customer.id },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json()).toMatchObject({ code: 'AUTH.PERMISSION_MISSING' });
    const cashierId = await aUser('junior@example.com', []);
    const allowed = await app.inject({
      method: 'POST',
      url: `/v1/users/${cashierId}/password-reset`,
      headers: auth,
    });
    expect(allowed.statusCode).toBe(201);
  });

  it('resets a password once and ends the open sessions', async () => {
    const userId = await aUser('reset@example.com', ['auditor']);
    const before = await signIn('reset@example.com');
    const issued = await app.inject({
      method: 'POST',
      url: `/v1/users/${userId}/password-reset`,
      headers: { authorization: `Bearer ${company.token}` },
    });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json<{ token: string }>();
    const weak = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      code: 'IDENTITY.PASSWORD_TOO_WEAK',
      errors: [{ path: 'newPassword' }],
    });
    const reset = () =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/password-resets',
        payload: { token, newPassword: `${password}!` },
      });
    expect((await reset()).statusCode).toBe(204);
    expect((await reset()).json()).toMatchObject({ code: 'AUTH.INVALID_RESET_TOKEN' });
    const old = await app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      cookies: { cis_session: before.cookie },
    });
    expect(old.statusCode).toBe(401);
    expect((await signIn('reset@example.com', { password: `${password}!` })).status).toBe(201);
  });

  it('keeps a customer session off staff routes', async () => {
    const customer = await aCustomer(database().db, {
      companyId: company.companyId,
      code: company.companyCode,
      billCycleId: '',
    });
    await aUser('self-service@example.com', [], 'customer', customer.id);
    const session = await signIn('self-service@example.com', { kind: 'customer' });
    expect(session.status).toBe(201);
    const cookies = { cis_session: session.cookie };
    const own = await app.inject({ method: 'GET', url: '/v1/auth/session', cookies });
    expect(own.json()).toMatchObject({ kind: 'customer', user: { customerId: customer.id } });
    const staff = await app.inject({ method: 'GET', url: '/v1/customers', cookies });
    expect(staff.statusCode).toBe(403);
    expect(staff.json()).toMatchObject({ code: 'AUTH.WRONG_PRINCIPAL_KIND' });
    // The same email as a staff user does not exist, so a staff sign-in fails.
    expect((await signIn('self-service@example.com')).status).toBe(401);
  });

  it('lets nobody grant a role beyond their own permissions', async () => {
    const { db } = database();
    const limited = await createCompanyWithApiKey(db, ['identity:write', 'identity:read', 'customers:read']);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${limited.token}` },
      payload: { email: 'boss@example.com', displayName: 'Boss', roles: ['administrator'] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'IDENTITY.PERMISSION_NOT_GRANTABLE' });
    await expect(
      createUser(db, systemContext(limited.companyId), {
        kind: 'staff',
        email: 'typo@example.com',
        displayName: 'Typo',
        roles: ['cashiers'],
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.UNKNOWN_ROLE' });
  });
});
