import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoTokenIssuer, seedDemoUtility } from '../../src/modules/demo/index.js';
import type { Db, Trx } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { WebhookDispatcher } from '../../src/modules/webhooks/index.js';
import { enqueueJob } from '../../src/platform/jobs/enqueue-job.js';
import { buildTestHttpApp, captureLogs } from '../http/test-http-app.js';
import { findUnisolatedTables, listScopedTables, type ScopedTable } from '../support/row-level-security.js';
import { describeEachDatabase, type TestDatabase } from '../support/test-database.js';
import { isolationRequests, type CompanyIds } from './isolation-requests.js';

/** A seeded company: its ids, its API key and the text of every id it owns. */
type IsolatedCompany = CompanyIds & { token: string; ownedIds: Set<string> };

describeEachDatabase('company isolation', (database) => {
  let app: HttpApp;
  let a: IsolatedCompany;
  let b: IsolatedCompany;
  let tables: ScopedTable[];

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database(), { tokenIssuer: createDemoTokenIssuer() }));
    a = await seedCompany(database(), app, 'isolation-a');
    b = await seedCompany(database(), app, 'isolation-b');
    tables = await listScopedTables(database().db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('forces a company policy on every table', async () => {
    expect(await findUnisolatedTables(database().db)).toEqual([]);
  });

  it('reports a table without a policy', async () => {
    const { db } = database();
    const problems = await inRolledBackTransaction(db, async (trx) => {
      await sql`create table customers.unprotected_note (company_id uuid not null, note text)`.execute(trx);
      return findUnisolatedTables(trx);
    });
    expect(problems).toEqual([
      'customers.unprotected_note: row-level security not enabled and forced',
      'customers.unprotected_note: no company policy for cis_app',
    ]);
  });

  it('gives application roles no bypass', async () => {
    const roles = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select r.rolname, r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_class c
         where c.relowner = r.oid and c.relpersistence <> 't') as owned
      from pg_roles r where r.rolname in ('cis_app', 'cis_platform') order by r.rolname`.execute(
      database().db,
    );
    expect(roles.rows).toEqual([
      { rolname: 'cis_app', rolsuper: false, rolbypassrls: false, owned: 0 },
      { rolname: 'cis_platform', rolsuper: false, rolbypassrls: false, owned: 0 },
    ]);
    const audit = await sql<{ insert: boolean; update: boolean; delete: boolean; truncate: boolean }>`
      select has_table_privilege('cis_app', 'platform.audit_event', 'insert') as insert,
        has_table_privilege('cis_app', 'platform.audit_event', 'update') as update,
        has_table_privilege('cis_app', 'platform.audit_event', 'delete') as delete,
        has_table_privilege('cis_app', 'platform.audit_event', 'truncate') as truncate`.execute(
      database().db,
    );
    expect(audit.rows[0]).toEqual({ insert: true, update: false, delete: false, truncate: false });
  });

  // Without rows of both companies in a table, the checks below would prove nothing for it.
  it('fills every table for both companies', async () => {
    const empty: string[] = [];
    for (const table of tables) {
      for (const company of [a, b]) {
        const count = await countRows(database().db, table, company.companyId);
        if (count === 0) empty.push(`${table.name} has no row of ${company.companyCode}`);
      }
    }
    expect(empty).toEqual([]);
  });

  it("shows A none of B's rows", async () => {
    const asA = database().forCompany(a.companyId);
    for (const table of tables) {
      const column = sql.ref(table.companyColumn);
      const seen = await sql<{ total: number; foreign: number }>`
        select count(*)::int as total,
          count(*) filter (where ${column} <> ${a.companyId}::uuid)::int as foreign
        from ${sql.table(table.name)}`.execute(asA);
      const own = await countRows(database().db, table, a.companyId);
      expect({ table: table.name, ...seen.rows[0] }).toEqual({ table: table.name, total: own, foreign: 0 });
    }
  });

  it("rejects A's updates and deletes of B's rows", async () => {
    const asA = database().forCompany(a.companyId);
    const problems: string[] = [];
    for (const table of tables) {
      const column = sql.ref(table.companyColumn);
      const target = sql.table(table.name);
      const bRows = sql`${column} = ${b.companyId}::uuid`;
      const changed = await attempt(asA, sql`update ${target} set ${column} = ${column} where ${bRows}`);
      const deleted = await attempt(asA, sql`delete from ${target} where ${bRows}`);
      // The audit trail grants the application no update or delete at all (42501 permission denied).
      for (const [what, outcome] of [
        ['update', changed],
        ['delete', deleted],
      ] as const) {
        if (outcome !== 0 && !String(outcome).startsWith('42501')) {
          problems.push(`${table.name} ${what}: ${outcome}`);
        }
      }
      const moved = await attempt(
        asA,
        sql`update ${target} set ${column} = ${b.companyId}::uuid where ${column} = ${a.companyId}::uuid`,
      );
      if (typeof moved === 'number') problems.push(`${table.name}: moved ${moved} rows of A to B`);
    }
    expect(problems).toEqual([]);
  });

  it('rejects A inserting rows for B', async () => {
    const asA = database().forCompany(a.companyId);
    const problems: string[] = [];
    for (const table of tables) {
      const target = sql.table(table.name);
      // A copy of one of A's own rows, with B's company id (and for the company table a new id and code).
      const columns = await insertableColumns(database().db, table.name);
      const values = columns.map((name) => {
        if (name === table.companyColumn && name === 'id') return sql`gen_random_uuid()`;
        if (name === 'company_id') return sql`${b.companyId}::uuid`;
        if (name === 'code' && table.companyColumn === 'id')
          return sql`'copy-' || left(md5(random()::text), 8)`;
        return sql.ref(`source.${name}`);
      });
      const inserted = await attempt(
        asA,
        sql`insert into ${target} (${sql.join(columns.map((name) => sql.ref(name)))}) overriding system value
            select ${sql.join(values)} from ${target} source limit 1`,
      );
      if (typeof inserted !== 'string' || !inserted.includes('row-level security')) {
        problems.push(`${table.name}: ${inserted}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads nothing without a company', async () => {
    for (const table of tables) {
      const count = await database()
        .db.transaction()
        .execute(async (trx) => {
          await sql`select set_config('role', 'cis_app', true), set_config('cis.company_id', '', true)`.execute(
            trx,
          );
          const result = await sql<{
            count: number;
          }>`select count(*)::int as count from ${sql.table(table.name)}`.execute(trx);
          return result.rows[0]?.count;
        });
      expect({ table: table.name, count }).toEqual({ table: table.name, count: 0 });
    }
  });

  it('limits the platform role to reads', async () => {
    const { platform } = database();
    const companies = await platform.selectFrom('companies.company').select('id').execute();
    expect(companies.map((row) => row.id)).toEqual(expect.arrayContaining([a.companyId, b.companyId]));
    expect(await attempt(platform, sql`select count(*) from customers.customer`)).toMatch(/^42501/);
    expect(
      await attempt(platform, sql`update companies.company set name = name where id = ${b.companyId}::uuid`),
    ).toMatch(/^42501/);
  });

  it("keeps B's data out of every HTTP route", async () => {
    const before = await fingerprint(database().db, tables, b.companyId);
    const requests = isolationRequests(b);
    const declared = app.declaredRoutes
      .filter((route) => route.config?.public !== true)
      .flatMap((route) => (Array.isArray(route.method) ? route.method : [route.method])).length;
    const routesWithoutCase = app.declaredRoutes
      .filter((route) => route.config?.public !== true)
      .flatMap((route) =>
        (Array.isArray(route.method) ? route.method : [route.method]).map(
          (method) => `${method} ${route.url}`,
        ),
      )
      .filter((route) => !route.startsWith('HEAD ') && !(route in requests));
    expect(routesWithoutCase).toEqual([]);
    expect(declared).toBeGreaterThan(50);

    const problems: string[] = [];
    for (const [route, cases] of Object.entries(requests)) {
      for (const request of cases) {
        const response = await app.inject({
          method: request.method,
          url: request.url,
          headers: { ...request.headers, authorization: `Bearer ${a.token}` },
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        const sent = `${request.url} ${JSON.stringify(request.payload ?? null)}`;
        const leaked = [...b.ownedIds].filter((id) => response.body.includes(id) && !sent.includes(id));
        if (leaked.length > 0) problems.push(`${route} ${request.url}: shows ${leaked.join(', ')}`);
        const expected = request.expectStatus ?? 404;
        if (request.reaches === 'other-company' && response.statusCode !== expected) {
          problems.push(`${route} ${request.url}: ${response.statusCode}, not ${expected}: ${response.body}`);
        }
        if (request.reaches === 'own-company' && response.statusCode >= 500) {
          problems.push(`${route} ${request.url}: ${response.statusCode}: ${response.body}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(database().db, tables, b.companyId)).toEqual(before);
  });
});

class Rollback extends Error {
  constructor() {
    super('rolled back on purpose');
  }
}

/** Runs `work` in a transaction, then rolls it back and returns what `work` returned. */
async function inRolledBackTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  let value: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      value = await work(trx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return value as T;
}

/** Runs a statement and rolls it back: returns the affected row count, or the error code and message. */
async function attempt(db: Db, statement: ReturnType<typeof sql>): Promise<number | string> {
  try {
    return await inRolledBackTransaction(db, async (trx) => {
      const result = await statement.execute(trx);
      return Number(result.numAffectedRows ?? 0n);
    });
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    return `${failure.code ?? '?'} ${failure.message ?? String(error)}`;
  }
}

/** Lists the columns an insert may name: all but generated ones. */
async function insertableColumns(db: Db, table: string): Promise<string[]> {
  const [schema, name] = table.split('.');
  const result = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = ${schema} and table_name = ${name} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  return result.rows.map((row) => row.column_name);
}

async function countRows(db: Db, table: ScopedTable, companyId: string): Promise<number> {
  const result = await sql<{ count: number }>`
    select count(*)::int as count from ${sql.table(table.name)}
    where ${sql.ref(table.companyColumn)} = ${companyId}::uuid`.execute(db);
  return result.rows[0]?.count ?? 0;
}

/** Computes a digest of each table's rows of one company, to show that none of them changed. */
async function fingerprint(
  db: Db,
  tables: ScopedTable[],
  companyId: string,
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const result = await sql<{ digest: string | null }>`
      select md5(string_agg(row_text, '|' order by row_text)) as digest
      from (select t::text as row_text from ${sql.table(table.name)} t
            where ${sql.ref(table.companyColumn)} = ${companyId}::uuid) rows`.execute(db);
    digests[table.name] = result.rows[0]?.digest ?? '';
  }
  return digests;
}

/**
 * Seeds a small demo company, then adds through the API what the demo lacks (a payment and its
 * allocation, an estimation profile, interval data), so that every table contains some of its rows.
 */
async function seedCompany(database: TestDatabase, app: HttpApp, code: string): Promise<IsolatedCompany> {
  const seeded = await seedDemoUtility(database, { customers: 4, companyCode: code });
  const headers = { authorization: `Bearer ${seeded.apiKey}` };
  const { db } = database;
  const companyId = seeded.companyId;
  const first = <T>(rows: T[], what: string): T => {
    const row = rows[0];
    if (!row) throw new Error(`The seed of ${code} made no ${what}.`);
    return row;
  };
  const account = first(
    await db
      .selectFrom('customers.account')
      .select(['id', 'customer_id'])
      .where('company_id', '=', companyId)
      .execute(),
    'account',
  );
  const meter = first(
    await db
      .selectFrom('devices.meter_installation as installation')
      .innerJoin('devices.meter as meter', (join) =>
        join
          .onRef('meter.company_id', '=', 'installation.company_id')
          .onRef('meter.id', '=', 'installation.meter_id'),
      )
      .select(['meter.id', 'meter.serial_number', 'installation.service_point_id'])
      .where('installation.company_id', '=', companyId)
      .execute(),
    'meter installation',
  );

  const payment = await app.inject({
    method: 'POST',
    url: '/v1/payments',
    headers: { ...headers, 'idempotency-key': `${code}-payment` },
    payload: { accountId: account.id, amountMinor: '1500', currency: 'USD', method: 'transfer' },
  });
  const profile = await app.inject({
    method: 'PUT',
    url: '/v1/estimation-profiles/kWh',
    headers,
    payload: { name: 'Residential', dailyQuantityByMonth: Array.from({ length: 12 }, () => '20') },
  });
  const intervals = await app.inject({
    method: 'POST',
    url: '/v1/interval-imports',
    headers,
    payload: {
      format: 'interval-csv',
      servicePointId: meter.service_point_id,
      document: `meter_serial,channel,interval_start,duration_minutes,value,unit\n${meter.serial_number},1,2024-01-01T00:00:00Z,60,1.5,kWh\n`,
    },
  });
  const customer = await app.inject({
    method: 'POST',
    url: '/v1/customers',
    headers,
    payload: {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Lovelace',
      identifications: [{ scheme: 'national-id', value: `${code}-ID-1`, issuingCountry: 'US' }],
    },
  });
  const user = await app.inject({
    method: 'POST',
    url: '/v1/users',
    headers,
    payload: { email: `cashier@${code}.example.com`, displayName: 'Cashier', roles: ['cashier'] },
  });
  const passwordSetup = user.json<{ passwordSetup?: { token: string } }>().passwordSetup?.token ?? '';
  const password = await app.inject({
    method: 'POST',
    url: '/v1/auth/password-resets',
    payload: { token: passwordSetup, newPassword: 'a long enough password' },
  });
  const session = await app.inject({
    method: 'POST',
    url: '/v1/auth/sessions',
    payload: { company: code, email: `cashier@${code}.example.com`, password: 'a long enough password' },
  });
  // A subscription to a loopback address: the dispatcher refuses to send there, which still logs an attempt.
  const webhook = await app.inject({
    method: 'POST',
    url: '/v1/webhook-subscriptions',
    headers,
    payload: { url: 'http://127.0.0.1:9/unreachable', eventTypes: [] },
  });
  const prepaidMeter = seeded.prepaid.meters[0]!;
  const vend = await app.inject({
    method: 'POST',
    url: '/v1/prepaid/vends',
    headers: { ...headers, 'idempotency-key': `${code}-vend` },
    payload: { meterId: prepaidMeter.meterId, amountMinor: '2000', currency: 'USD' },
  });
  // A vending agent with an outlet, commission and float, selling through an API key of its own, and a
  // key change campaign for another prepaid meter.
  const agent = await app.inject({
    method: 'POST',
    url: '/v1/prepaid/agents',
    headers,
    payload: { code: 'isolation-agent', name: 'Isolation agent' },
  });
  const agentId = agent.json<{ id: string }>().id;
  const outlet = await app.inject({
    method: 'POST',
    url: `/v1/prepaid/agents/${agentId}/outlets`,
    headers,
    payload: { code: 'main', name: 'Main outlet' },
  });
  const commission = await app.inject({
    method: 'PUT',
    url: `/v1/prepaid/agents/${agentId}/commission-rules`,
    headers,
    payload: { rules: [{ method: 'percent', percent: '2' }] },
  });
  const deposit = await app.inject({
    method: 'POST',
    url: `/v1/prepaid/agents/${agentId}/float-deposits`,
    headers,
    payload: { amountMinor: '100000', currency: 'USD', reference: `${code}-deposit` },
  });
  const agentKey = await app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers,
    payload: { name: 'Agent system', permissions: ['vending:read', 'vending:write'] },
  });
  const agentKeyBody = agentKey.json<{ apiKey: { id: string }; token: string }>();
  const cashier = await app.inject({
    method: 'PUT',
    url: `/v1/prepaid/agents/${agentId}/cashiers`,
    headers,
    payload: {
      actorKind: 'api-key',
      actorId: agentKeyBody.apiKey.id,
      outletId: outlet.json<{ id: string }>().id,
    },
  });
  const agentVend = await app.inject({
    method: 'POST',
    url: '/v1/prepaid/vends',
    headers: { authorization: `Bearer ${agentKeyBody.token}`, 'idempotency-key': `${code}-agent-vend` },
    payload: { meterId: seeded.prepaid.meters[1]!.meterId, amountMinor: '1500', currency: 'USD' },
  });
  const campaign = await app.inject({
    method: 'POST',
    url: '/v1/prepaid/key-change-campaigns',
    headers,
    payload: {
      name: 'Isolation campaign',
      newKey: { sgc: '123456', ti: 2, krn: 1, kt: 2, ken: 255, baseDate: '2014-01-01', dkga: '02', ea: '07' },
      meterIds: [seeded.prepaid.meters[2]!.meterId],
    },
  });
  const engineeringToken = await app.inject({
    method: 'POST',
    url: `/v1/prepaid/meters/${prepaidMeter.meterId}/engineering-tokens`,
    headers,
    payload: { type: 'ClearTamperCondition', reason: 'Isolation probe' },
  });
  const seededByApi = {
    payment,
    profile,
    intervals,
    customer,
    user,
    password,
    session,
    webhook,
    vend,
    agent,
    outlet,
    commission,
    deposit,
    agentKey,
    cashier,
    agentVend,
    campaign,
    engineeringToken,
  };
  for (const [what, response] of Object.entries(seededByApi)) {
    if (response.statusCode >= 300) throw new Error(`Seeding ${what} of ${code} failed: ${response.body}`);
  }

  const pick = async (table: string, column = 'id'): Promise<string> => {
    const result = await sql<{ value: string }>`
      select ${sql.ref(column)}::text as value from ${sql.table(table)}
      where company_id = ${companyId}::uuid limit 1`.execute(db);
    return first(result.rows, table).value;
  };
  await new WebhookDispatcher(database, captureLogs().logger).runOnce();
  // A job on a queue that no runner serves, so that the job table contains a row of the company.
  await db
    .transaction()
    .execute((trx) => enqueueJob(trx, companyId, { queue: 'isolation-probe', payload: {} }));
  // The demo bills every account, so its run has no exception; one is recorded here by hand.
  await db
    .insertInto('billing.bill_run_exception')
    .values({
      company_id: companyId,
      bill_run_id: await pick('billing.bill_run'),
      account_id: account.id,
      reason_code: 'NO_READS',
      detail: 'No reads in the period (test data)',
    })
    .execute();
  const ids = await collectIds(db, companyId);

  return {
    companyId,
    companyCode: seeded.companyCode,
    token: seeded.apiKey,
    ownedIds: ids,
    accountId: account.id,
    customerId: account.customer_id,
    premiseId: await pick('premises.premise'),
    servicePointId: meter.service_point_id,
    meterId: meter.id,
    meterSerial: meter.serial_number,
    registerId: await pick('devices.meter_register'),
    tariffId: seeded.tariffId,
    agreementId: await pick('agreements.service_agreement'),
    billId: await pick('billing.bill'),
    billRunId: await pick('billing.bill_run'),
    billCycleId: seeded.billCycleId,
    paymentId: await pick('payments.payment'),
    apiKeyId: await pick('identity.api_key'),
    userId: await pick('identity.user_account'),
    webhookSubscriptionId: await pick('platform.webhook_subscription'),
    roleId: await pick('identity.role'),
    prepaidMeterId: prepaidMeter.meterId,
    vendId: vend.json<{ id: string }>().id,
    agentId,
    keyChangeCampaignId: campaign.json<{ id: string }>().id,
  };
}

/** Collects the company's id and the text of every uuid in the `id` column of its rows. */
async function collectIds(db: Db, companyId: string): Promise<Set<string>> {
  const tables = await sql<{ name: string }>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.columns
    where column_name = 'id' and data_type = 'uuid'
      and table_schema not in ('pg_catalog', 'information_schema', 'public')
      and (table_schema, table_name) in (select table_schema, table_name from information_schema.columns
                                         where column_name = 'company_id')`.execute(db);
  const ids = new Set<string>([companyId]);
  for (const { name } of tables.rows) {
    const rows = await sql<{ id: string }>`
      select id::text as id from ${sql.table(name)} where company_id = ${companyId}::uuid`.execute(db);
    for (const row of rows.rows) ids.add(row.id);
  }
  return ids;
}
