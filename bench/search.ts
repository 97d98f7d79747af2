// Search benchmark: seeds N customers with accounts, premises, service points and meters on PostgreSQL.
// Then it times GET /v1/search over HTTP on 127.0.0.1 for a mix of names (some with typos), account
// numbers, serials, market ids, email addresses, phone numbers and partial addresses. It prints the latency
// by kind of query, how often the searched record was among the results and the plan of one query of each
// kind, and as its last line one JSON object.
//
//   npm run bench:search -- --customers 1000000          (DATABASE_URL names the server; the benchmark
//                                                         creates and drops its own database)
//   npm run bench:search -- --customers 1000000 --keep   (leaves the database for another run)
//   npm run bench:search -- --database cis_bench_search_123   (reuses a kept database)
//   --show-misses lists the texts whose searched record was not among the results.
import os from 'node:os';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiKey } from '../apps/server/src/modules/identity/index.js';
import { selectExactAndPrefixMatches } from '../apps/server/src/modules/search/db/exact-and-prefix-matches.js';
import { findSimilarMatches } from '../apps/server/src/modules/search/db/similar-matches.js';
import { parseSearchQuery } from '../apps/server/src/modules/search/domain/search-query.js';
import { systemContext, type Db } from '../apps/server/src/platform/context/request-context.js';
import { migrate } from '../apps/server/src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../apps/server/src/platform/db/open-database.js';
import { createLogger } from '../apps/server/src/platform/logging/create-logger.js';
import { buildHttpApp } from '../apps/server/src/server/build-http-app.js';
import { openPlanRecordingSession, type LoggedPlan } from '../apps/server/test/support/nested-plans.js';
import { seedSearchData, seededUuid } from '../apps/server/test/support/search-data.js';
import { buildQueryMix, type BenchQuery, type SampledCustomer } from './search-queries.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'show-misses': { type: 'boolean', default: false },
  },
});
const customers = Number(values.customers);
const queryCount = Number(values.queries);
const warmupCount = Number(values.warmup);
for (const [name, value] of [
  ['--customers', customers],
  ['--queries', queryCount],
  ['--warmup', warmupCount],
] as const) {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`Invalid ${name} "${String(value)}": use a whole number of 0 or more.`);
}

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = values.database ?? `cis_bench_search_${process.pid}`;
const isReused = values.database !== undefined;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (!isReused) await admin.query(`create database ${databaseName}`);
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
const handle = await openDatabase({ kind: 'postgres', connectionString: url.toString() });
try {
  await run(handle);
} finally {
  await handle.close();
  await dropUnlessKept();
}

async function run(database: DatabaseHandle): Promise<void> {
  await migrate(database);
  let companyId = await findBenchCompany(database.db);
  if (companyId === undefined) {
    const started = performance.now();
    companyId = await seedSearchData(database.db, customers);
    const seedSeconds = (performance.now() - started) / 1000;
    await sql`vacuum analyze`.execute(database.db);
    console.log(
      `setup           ${seedSeconds.toFixed(0)} s to seed ${customers} customers, then vacuum analyze`,
    );
  }
  const counts = await countRows(database.db, companyId);
  console.log(`data            ${counts}`);

  const key = await createApiKey(database.forCompany(companyId), systemContext(companyId, 'bench'), {
    name: 'search benchmark',
    permissions: ['customers:read'],
  });
  // Every request is logged at info as in production, into a stream that drops the lines.
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await buildHttpApp({
    database,
    logger: createLogger({ level: 'info', destination: discard }),
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const samples = await sampleCustomers(database.db, companyId, 2 * (queryCount + warmupCount));
    const warmup = buildQueryMix(samples.slice(0, samples.length / 2), warmupCount);
    const measured = buildQueryMix(samples.slice(samples.length / 2), queryCount);
    for (const query of warmup) await timeSearch(address, key.token, query);
    const results = [];
    const loadBefore = os.loadavg()[0] ?? 0;
    for (const query of measured) results.push(await timeSearch(address, key.token, query));
    const loadAfter = os.loadavg()[0] ?? 0;
    const summary = summarise(results);
    // Other work on the machine slows every figure; the 1-minute load average shows how much there was.
    console.log(
      `load average    ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after the timed searches`,
    );
    await printPlans(companyId, measured);
    console.log(
      JSON.stringify({ customers: counts, load_before: loadBefore, load_after: loadAfter, ...summary }),
    );
  } finally {
    await app.close();
  }
}

type Timed = { kind: string; text: string; milliseconds: number; found: boolean; status: number };

async function timeSearch(address: string, token: string, query: BenchQuery): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${address}/v1/search?q=${encodeURIComponent(query.text)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { items?: { kind: string; id: string; label: string }[] };
  const milliseconds = performance.now() - started;
  return {
    kind: query.kind,
    text: query.text,
    milliseconds,
    found: (body.items ?? []).some(query.isExpected),
    status: response.status,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function summarise(results: Timed[]) {
  const failed = results.filter((result) => result.status !== 200);
  if (failed.length > 0)
    throw new Error(`${failed.length} searches failed, the first with ${failed[0]?.status}.`);
  const line = (label: string, group: Timed[]) => {
    const sorted = group.map((result) => result.milliseconds).sort((left, right) => left - right);
    const found = group.filter((result) => result.found).length;
    const figures = {
      queries: group.length,
      p50_ms: round(percentile(sorted, 0.5)),
      p95_ms: round(percentile(sorted, 0.95)),
      p99_ms: round(percentile(sorted, 0.99)),
      max_ms: round(sorted.at(-1) ?? Number.NaN),
      found_percent: Math.round((100 * found) / group.length),
    };
    console.log(
      `${label.padEnd(28)} ${String(figures.queries).padStart(5)} ${figures.p50_ms.toFixed(1).padStart(7)} ` +
        `${figures.p95_ms.toFixed(1).padStart(7)} ${figures.p99_ms.toFixed(1).padStart(7)} ` +
        `${figures.max_ms.toFixed(1).padStart(7)} ${String(figures.found_percent).padStart(6)} %`,
    );
    return figures;
  };
  console.log(
    `\n${'kind of query'.padEnd(28)} ${'count'.padStart(5)}  p50 ms  p95 ms  p99 ms  max ms  found`,
  );
  const kinds = [...new Set(results.map((result) => result.kind))];
  const byKind = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      line(
        kind,
        results.filter((result) => result.kind === kind),
      ),
    ]),
  );
  const all = line('all', results);
  if (values['show-misses']) {
    for (const result of results.filter((timed) => !timed.found)) {
      console.log(`missed          ${result.kind}: ${JSON.stringify(result.text)}`);
    }
  }
  return { all, by_kind: byKind };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Prints the scans, with their rows and times, of the statements behind one query of each kind: the
 * exact and prefix lookups, and the similar search with the statements that its functions run.
 */
async function printPlans(companyId: string, queries: BenchQuery[]): Promise<void> {
  const session = await openPlanRecordingSession(url.toString(), companyId, { analyze: true });
  try {
    const seen = new Set<string>();
    console.log('\nPlans (auto_explain with analyze, one query of each kind):');
    for (const query of queries) {
      if (seen.has(query.kind)) continue;
      seen.add(query.kind);
      const parsed = parseSearchQuery(query.text);
      console.log(`\n${query.kind}: ${JSON.stringify(query.text)}`);
      const direct = selectExactAndPrefixMatches(companyId, parsed, 10);
      if (direct !== undefined) {
        printLoggedPlans('exact and prefix', await session.recordPlans(() => direct.execute(session.db)));
      }
      printLoggedPlans(
        'similar',
        await session.recordPlans(() => findSimilarMatches(session.db, parsed, 10)),
      );
    }
  } finally {
    await session.close();
  }
}

// The statements that a function ran come before the statement that called it; each is named by the
// first table it reads.
function printLoggedPlans(label: string, plans: LoggedPlan[]): void {
  console.log(`  ${label}:`);
  for (const plan of plans) {
    const table = /from (\S+)/.exec(plan.queryText)?.[1] ?? '?';
    console.log(`    statement on ${table}, ${plan.durationMs.toFixed(1)} ms:`);
    for (const scan of plan.scans) console.log(`      ${scan}`);
  }
}

/** Finds the company of a database that an earlier run seeded and kept (the benchmark seeds only one). */
async function findBenchCompany(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('companies.company').select('id').executeTakeFirst();
  return row?.id;
}

async function countRows(db: Db, companyId: string): Promise<string> {
  const result = await sql<Record<string, string>>`
    select (select count(*) from customers.customer where company_id = ${companyId}::uuid) as customers,
      (select count(*) from customers.account where company_id = ${companyId}::uuid) as accounts,
      (select count(*) from customers.customer_contact where company_id = ${companyId}::uuid) as contacts,
      (select count(*) from premises.premise where company_id = ${companyId}::uuid) as premises,
      (select count(*) from premises.service_point where company_id = ${companyId}::uuid) as service_points,
      (select count(*) from devices.meter where company_id = ${companyId}::uuid) as meters`.execute(db);
  return Object.entries(result.rows[0] ?? {})
    .map(([table, count]) => `${count} ${table.replace('_', ' ')}`)
    .join(', ');
}

/**
 * Reads `count` customers at random positions (customer n has the id seededUuid('c' || n)),
 * each with its first account, email, phone and the premise, service point and meter of that account.
 */
async function sampleCustomers(db: Db, companyId: string, count: number): Promise<SampledCustomer[]> {
  const total = Number(
    (
      await sql<{ total: string }>`select count(*) as total from customers.customer
        where company_id = ${companyId}::uuid`.execute(db)
    ).rows[0]?.total ?? 0,
  );
  let state = 0x2545f491;
  const positions = Array.from({ length: count }, () => {
    // xorshift32: a fixed sequence, so that every run searches for the same customers.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return 1 + ((state >>> 0) % total);
  });
  const result = await sql<SampledCustomer>`
    select c.id as "customerId", c.display_name as "displayName", c.family_name as "familyName",
      a.id as "accountId", a.account_number as "accountNumber",
      (select value from customers.customer_contact e where e.company_id = c.company_id
        and e.customer_id = c.id and e.kind = 'email' limit 1) as email,
      (select value from customers.customer_contact t where t.company_id = c.company_id
        and t.customer_id = c.id and t.kind = 'phone' limit 1) as phone,
      p.id as "premiseId", p.address_line1 as "addressLine1", p.city,
      sp.id as "servicePointId", sp.market_id as "marketId", m.id as "meterId", m.serial_number as "serialNumber"
    from unnest(${positions}::int[]) with ordinality as position (n, ordinal)
    join customers.customer c
      on c.company_id = ${companyId}::uuid and c.id = ${seededUuid(sql`'c' || position.n`)}
    join lateral (select * from customers.account a where a.company_id = c.company_id and a.customer_id = c.id
      order by a.account_number limit 1) a on true
    join agreements.service_agreement sa on sa.company_id = a.company_id and sa.account_id = a.id
    join premises.service_point sp
      on sp.company_id = sa.company_id and sp.id = sa.service_point_id and sp.service = 'electricity'
    join premises.premise p on p.company_id = sp.company_id and p.id = sp.premise_id
    join devices.meter_installation i on i.company_id = sp.company_id and i.service_point_id = sp.id
    join devices.meter m on m.company_id = i.company_id and m.id = i.meter_id
    order by position.ordinal`.execute(db);
  return result.rows;
}

async function dropUnlessKept(): Promise<void> {
  try {
    if (values.keep || isReused) {
      console.error(`kept database ${databaseName}`);
      return;
    }
    // The pool's end() returns before its connections have closed, so wait until pg_stat_activity lists none.
    for (let attempt = 0; attempt < 50; attempt++) {
      const sessions = await admin.query<{ count: string }>(
        'select count(*) as count from pg_stat_activity where datname = $1',
        [databaseName],
      );
      if (sessions.rows[0]?.count === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`drop database if exists ${databaseName} with (force)`);
  } finally {
    await admin.end();
  }
}
