import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../../src/modules/identity/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from '../http/test-http-app.js';

describeEachDatabase('API keys', (database) => {
  let app: HttpApp;
  let admin: ApiKeyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    admin = await createCompanyWithApiKey(db, ['identity:read', 'identity:write', 'customers:read']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates a key whose token works once shown', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': admin.token },
      payload: { name: 'Reader', permissions: ['customers:read'] },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ apiKey: { id: string; permissions: string[] }; token: string }>();
    expect(body.token).toMatch(/^cis_[A-Za-z0-9_-]{86}$/);
    expect(body.apiKey.permissions).toEqual(['customers:read']);
    expect(created.body).not.toContain('secret');

    const { db } = database();
    const row = await db
      .selectFrom('identity.api_key')
      .select('secret_hash')
      .where('company_id', '=', admin.companyId)
      .where('id', '=', body.apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.token).not.toContain(row.secret_hash);

    const audit = await db
      .selectFrom('platform.audit_event')
      .select(['entity_type', 'action', 'actor_kind', 'actor_id', 'changes'])
      .where('company_id', '=', admin.companyId)
      .where('entity_id', '=', body.apiKey.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'api_key',
      action: 'create',
      actor_kind: 'api-key',
      actor_id: admin.keyId,
    });
    expect(JSON.stringify(audit[0]?.changes)).not.toContain(row.secret_hash);
  });

  it('refuses to grant permissions the caller lacks', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': admin.token },
      payload: { name: 'Escalation', permissions: ['*'] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'IDENTITY.PERMISSION_NOT_GRANTABLE' });
  });

  it('rejects unknown permissions naming each one', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': admin.token },
      payload: { name: 'Typo', permissions: ['customers:read', 'customer:write'] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual([
      { path: 'permissions.1', message: expect.stringContaining('"customer:write"') as string },
    ]);
  });

  it('lists keys without secrets', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: { 'x-api-key': admin.token },
    });
    expect(response.statusCode).toBe(200);
    const { items } = response.json<{ items: Record<string, unknown>[] }>();
    expect(items.map((item) => item.id)).toContain(admin.keyId);
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual([
        'createdAt',
        'id',
        'lastUsedAt',
        'name',
        'permissions',
        'revokedAt',
      ]);
  });

  it('revokes a key once', async () => {
    const { db } = database();
    const victim = await createTestApiKey(db, admin.companyId, ['customers:read']);
    const revoke = () =>
      app.inject({
        method: 'POST',
        url: `/v1/api-keys/${victim.keyId}/revoke`,
        headers: { 'x-api-key': admin.token },
      });
    const first = await revoke();
    expect(first.statusCode).toBe(200);
    expect(first.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    const second = await revoke();
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'IDENTITY.API_KEY_ALREADY_REVOKED' });
    const use = await app.inject({
      method: 'GET',
      url: '/v1/company',
      headers: { 'x-api-key': victim.token },
    });
    expect(use.statusCode).toBe(401);
  });

  it('answers an unknown key id with 404', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/api-keys/7b0e8c9a-1f57-4a36-9d0e-2b4c5d6e7f80/revoke',
      headers: { 'x-api-key': admin.token },
    });
    expect(response.statusCode).toBe(404);
  });

  it('keeps keys of other companies apart', async () => {
    const { db } = database();
    const other = await createCompanyWithApiKey(db, ['*']);
    const listed = await listApiKeys(db, admin.companyId);
    expect(listed.items.map((item) => item.id)).not.toContain(other.keyId);
    await expect(revokeApiKey(db, systemContext(admin.companyId, 'test'), other.keyId)).rejects.toMatchObject(
      {
        kind: 'not-found',
      },
    );
  });

  it('rejects an empty permission list', async () => {
    const { db } = database();
    await expect(
      createApiKey(db, systemContext(admin.companyId, 'test'), { name: 'Nothing', permissions: [] }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
