import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/modules/audit/index.js';
import { recordAudit } from '../../src/platform/audit/record-audit.js';
import { systemContext, type RequestContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from '../http/test-http-app.js';

type Page = {
  items: {
    id: string;
    actor: { kind: string; id: string };
    entityType: string;
    entityId: string;
    changes: Record<string, unknown>;
    redacted: boolean;
  }[];
  nextBefore: string | null;
};

describeEachDatabase('audit trail', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;
  let other: ApiKeyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(db, ['*']);
    other = await createCompanyWithApiKey(db, ['*']);
    const clerk: RequestContext = {
      ...systemContext(company.companyId),
      actor: { kind: 'user', id: 'clerk-7' },
    };
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, clerk, [
        {
          entityType: 'customer',
          entityId: 'customer-1',
          action: 'update',
          changes: { email: ['old@example.com', 'new@example.com'] },
        },
        { entityType: 'bill', entityId: 'bill-1', action: 'create', changes: { totalMinor: [null, '7770'] } },
        { entityType: 'bill', entityId: 'bill-2', action: 'create', changes: { totalMinor: [null, '100'] } },
      ]);
      await recordAudit(trx, systemContext(other.companyId), [
        { entityType: 'bill', entityId: 'bill-1', action: 'create', changes: { totalMinor: [null, '1'] } },
      ]);
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('rejects updates and deletes of events', async () => {
    const { db } = database();

    const update = sql`update platform.audit_event set entity_id = 'forged' where company_id = ${company.companyId}`;
    const remove = sql`delete from platform.audit_event where company_id = ${company.companyId}`;

    await expect(update.execute(db)).rejects.toThrow(/append-only: UPDATE/);
    await expect(remove.execute(db)).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`truncate platform.audit_event`.execute(db)).rejects.toThrow(/append-only: TRUNCATE/);
    const remaining = await listAuditEvents(db, company.companyId, { limit: 500 }, ['*']);
    expect(remaining.items.map((event) => event.entityId)).toContain('customer-1');
  });

  it('filters by entity, actor and time', async () => {
    const { db } = database();

    const byEntity = await listAuditEvents(
      db,
      company.companyId,
      { entityType: 'bill', entityId: 'bill-1', limit: 10 },
      ['*'],
    );
    const byActor = await listAuditEvents(db, company.companyId, { actorId: 'clerk-7', limit: 10 }, ['*']);
    const future = await listAuditEvents(db, company.companyId, { from: '2999-01-01T00:00:00Z', limit: 10 }, [
      '*',
    ]);

    expect(byEntity.items.map((event) => event.changes)).toEqual([{ totalMinor: [null, '7770'] }]);
    expect(byActor.items.map((event) => event.entityId)).toEqual(['bill-2', 'bill-1', 'customer-1']);
    expect(future.items).toEqual([]);
  });

  it('pages newest first with a cursor', async () => {
    const { db } = database();

    const first = await listAuditEvents(db, company.companyId, { actorId: 'clerk-7', limit: 2 }, ['*']);
    const second = await listAuditEvents(
      db,
      company.companyId,
      { actorId: 'clerk-7', limit: 2, before: first.nextBefore ?? undefined },
      ['*'],
    );

    expect(first.items.map((event) => event.entityId)).toEqual(['bill-2', 'bill-1']);
    expect(second.items.map((event) => event.entityId)).toEqual(['customer-1']);
    expect(second.nextBefore).toBeNull();
  });

  it('serves events over HTTP to audit readers only', async () => {
    const { db } = database();
    const reader = await createTestApiKey(db, company.companyId, ['audit:read', 'billing:read']);
    const outsider = await createTestApiKey(db, company.companyId, ['billing:read']);

    const allowed = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?actorId=clerk-7',
      headers: { 'x-api-key': reader.token },
    });
    const denied = await app.inject({
      method: 'GET',
      url: '/v1/audit-events',
      headers: { 'x-api-key': outsider.token },
    });

    expect(allowed.statusCode).toBe(200);
    const page = allowed.json<Page>();
    expect(page.items.map((event) => event.entityId)).toEqual(['bill-2', 'bill-1', 'customer-1']);
    expect(denied.statusCode).toBe(403);
  });

  it('hides values the reader may not see', async () => {
    const { db } = database();
    const reader = await createTestApiKey(db, company.companyId, ['audit:read', 'billing:read']);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?entityType=customer',
      headers: { 'x-api-key': reader.token },
    });

    const [event] = response.json<Page>().items;
    expect(event?.redacted).toBe(true);
    expect(event?.changes).toEqual({ email: null });
    expect(response.body).not.toContain('example.com');
  });

  it('shows one company its own events only', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?entityType=bill&entityId=bill-1',
      headers: { 'x-api-key': other.token },
    });

    const page = response.json<Page>();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.changes).toEqual({ totalMinor: [null, '1'] });
  });

  it('issues event ids that reveal no counts', async () => {
    const { db } = database();
    const before = await listAuditEvents(db, company.companyId, { limit: 1 }, ['*']);
    await db.transaction().execute(async (trx) => {
      await recordAudit(
        trx,
        systemContext(other.companyId),
        Array.from({ length: 5 }, (_, index) => ({
          entityType: 'bill',
          entityId: `other-${index}`,
          action: 'create' as const,
          changes: {},
        })),
      );
      await recordAudit(trx, systemContext(company.companyId), [
        { entityType: 'bill', entityId: 'bill-3', action: 'create', changes: {} },
      ]);
    });
    const after = await listAuditEvents(db, company.companyId, { limit: 2 }, ['*']);
    const otherPage = await listAuditEvents(db, other.companyId, { limit: 1 }, ['*']);

    const uuidVersion7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(after.items.map((event) => event.entityId)).toEqual(['bill-3', before.items[0]?.entityId]);
    expect(after.items.map((event) => event.id)).toEqual([
      expect.stringMatching(uuidVersion7),
      before.items[0]?.id,
    ]);

    const crossCursor = await app.inject({
      method: 'GET',
      url: `/v1/audit-events?before=${otherPage.items[0]?.id}`,
      headers: { 'x-api-key': company.token },
    });
    expect(crossCursor.statusCode).toBe(400);
    expect(crossCursor.json<{ code: string }>().code).toBe('AUDIT.UNKNOWN_CURSOR');
  });

  it('rejects year zero and NUL characters', async () => {
    const yearZero = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?from=0000-01-01T00:00:00Z',
      headers: { 'x-api-key': company.token },
    });
    const nul = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?entityId=%00',
      headers: { 'x-api-key': company.token },
    });

    expect(yearZero.statusCode).toBe(400);
    expect(yearZero.body).toContain('year 0001 or later');
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('NUL character');
  });

  it('rejects a time range that ends before it starts', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/audit-events?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
      headers: { 'x-api-key': company.token },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toContain('from 2026-12-02T00:00:00Z is not before');
  });
});
