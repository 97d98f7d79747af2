// Vending benchmark: seeds prepaid meters and third-party agents on PostgreSQL, then sells units over HTTP
// on 127.0.0.1 as the agents' API keys would. Each vend takes deductions (channel fee, debt recovery, a
// levy and included VAT) and prices inclining blocks on the meter's month. It issues an STS token, posts
// to the ledger and draws on the agent's float, all in one transaction. The benchmark prints vends per
// second, the latency and the checks run afterwards, and as its last line one JSON object.
//
//   npm run bench:vending -- [--meters 10000] [--agents 100] [--vends 20000] [--concurrency 32]
//                            [--warmup 1000] [--keep]
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the benchmark
// creates a database of its own and drops it afterwards unless --keep.
import os from 'node:os';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiKey } from '../apps/server/src/modules/identity/index.js';
import { writePostings } from '../apps/server/src/modules/ledger/index.js';
import {
  assignVendingCashier,
  createVendingAgent,
  createVendingOutlet,
  depositAgentFloat,
  setCommissionRules,
  setDeductionRules,
} from '../apps/server/src/modules/prepayment/index.js';
import { systemContext, type Db } from '../apps/server/src/platform/context/request-context.js';
import { migrate } from '../apps/server/src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../apps/server/src/platform/db/open-database.js';
import { newId } from '../apps/server/src/platform/ids/new-id.js';
import { createLogger } from '../apps/server/src/platform/logging/create-logger.js';
import { buildHttpApp } from '../apps/server/src/server/build-http-app.js';
import { insertCompany, type CompanyFixture } from '../apps/server/test/support/factories/company.js';
import { insertTariff } from '../apps/server/test/support/factories/metered-account.js';
import {
  incliningBlockTariff,
  insertPrepaidMeter,
  testTokenIssuer,
  type PrepaidFixture,
} from '../apps/server/test/support/factories/prepaid.js';

const { values } = parseArgs({
  options: {
    meters: { type: 'string', default: '10000' },
    agents: { type: 'string', default: '100' },
    vends: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const settings = {
  meters: Number(values.meters),
  agents: Number(values.agents),
  vends: Number(values.vends),
  concurrency: Number(values.concurrency),
  warmup: Number(values.warmup),
};
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isInteger(value) || value < (name === 'warmup' ? 0 : 1)) {
    throw new Error(
      `Invalid --${name} "${String(value)}": use a whole number of 1 or more (0 for --warmup).`,
    );
  }
}

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `cis_bench_vending_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${databaseName}`);
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
const handle = await openDatabase({ kind: 'postgres', connectionString: url.toString() });
try {
  await run(handle);
} finally {
  await handle.close();
  if (!values.keep) await admin.query(`drop database if exists ${databaseName} with (force)`);
  else console.log(`kept database ${databaseName}`);
  await admin.end();
}

type Seller = { agentId: string; token: string };

async function run(database: DatabaseHandle): Promise<void> {
  await migrate(database);
  const seedStarted = performance.now();
  const company = await insertCompany(database.db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
  const context = systemContext(company.companyId, 'bench');
  const scoped = database.forCompany(company.companyId);
  const meters = await seedMeters(database.db, company);
  await setDeductionRules(scoped, context, [
    { code: 'fee', name: 'Channel fee', kind: 'channel-fee', method: 'fixed', amountMinor: '50' },
    {
      code: 'debt',
      name: 'Debt recovery',
      kind: 'debt-recovery',
      method: 'percent',
      percent: '20',
      maxPerVendMinor: '500',
    },
    { code: 'levy', name: 'Electrification levy', kind: 'levy', method: 'fixed', amountMinor: '20' },
    { code: 'vat', name: 'VAT', kind: 'tax', method: 'included-percent', percent: '15' },
  ]);
  await giveDebts(database.db, company, meters);
  const sellers = await seedAgents(scoped, company);
  await sql`vacuum analyze`.execute(database.db);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(
    `setup           ${seedSeconds.toFixed(0)} s: ${meters.length} meters (a tenth owing), ${sellers.length} agents with a float and 2 % commission`,
  );

  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await buildHttpApp({
    database,
    logger: createLogger({ level: 'info', destination: discard }),
    rateLimit: { max: 10_000_000, windowMs: 60_000 },
    tokenIssuer: testTokenIssuer(),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    let counter = 0;
    const sell = async (): Promise<{ ms: number; status: number }> => {
      counter += 1;
      const meter = meters[(counter * 7919) % meters.length]!;
      const seller = sellers[counter % sellers.length]!;
      const amountMinor = String(1000 + ((counter * 37) % 40) * 100);
      const started = performance.now();
      const response = await fetch(`${address}/v1/prepaid/vends`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${seller.token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${counter}`,
        },
        body: JSON.stringify({ pan: meter.pan, amountMinor, currency: 'ZAR' }),
      });
      await response.arrayBuffer();
      return { ms: performance.now() - started, status: response.status };
    };

    await runVends(sell, settings.warmup, settings.concurrency);
    const load = os.loadavg()[0]!;
    const started = performance.now();
    const results = await runVends(sell, settings.vends, settings.concurrency);
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = os.loadavg()[0]!;
    const latencies = results.map((result) => result.ms).sort((left, right) => left - right);
    const failed = results.filter((result) => result.status !== 201);
    const perSecond = settings.vends / seconds;
    const checks = await checkConsistency(database.db, company.companyId);
    console.log(
      `vends           ${settings.vends} in ${seconds.toFixed(1)} s with ${settings.concurrency} in flight: ${perSecond.toFixed(0)} vends/s`,
    );
    console.log(
      `latency ms      p50 ${percentile(latencies, 50)}  p95 ${percentile(latencies, 95)}  p99 ${percentile(latencies, 99)}  max ${latencies.at(-1)?.toFixed(1)}`,
    );
    console.log(
      `failed          ${failed.length} (statuses ${[...new Set(failed.map((result) => result.status))].join(', ') || 'none'})`,
    );
    console.log(`load average    ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
    console.log(`checks          ${JSON.stringify(checks)}`);
    console.log(
      JSON.stringify({
        benchmark: 'vending',
        meters: meters.length,
        agents: sellers.length,
        vends: settings.vends,
        concurrency: settings.concurrency,
        seconds: Number(seconds.toFixed(2)),
        vendsPerSecond: Number(perSecond.toFixed(1)),
        p50Ms: Number(percentile(latencies, 50)),
        p95Ms: Number(percentile(latencies, 95)),
        p99Ms: Number(percentile(latencies, 99)),
        failed: failed.length,
        checks,
        cpus: os.cpus().length,
        node: process.version,
      }),
    );
  } finally {
    await app.close();
  }
}

/** Inserts the prepaid meters eight at a time, all on one inclining block tariff. */
async function seedMeters(db: Db, company: CompanyFixture): Promise<PrepaidFixture[]> {
  const tariffId = await insertTariff(db, company.companyId, incliningBlockTariff());
  const meters: PrepaidFixture[] = [];
  let next = 0;
  const worker = async () => {
    while (next < settings.meters) {
      next += 1;
      meters.push(await insertPrepaidMeter(db, company, { tariffId }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return meters;
}

/** Gives every tenth meter's account a debt of 50.00, so that debt recovery takes part of its purchases. */
async function giveDebts(db: Db, company: CompanyFixture, meters: PrepaidFixture[]): Promise<void> {
  const context = systemContext(company.companyId, 'bench');
  for (let index = 0; index < meters.length; index += 10) {
    const meter = meters[index]!;
    await db.transaction().execute((trx) =>
      writePostings(trx, context, [
        {
          id: newId(),
          accountId: meter.accountId,
          kind: 'adjustment',
          sourceId: newId(),
          accountingDate: '2026-01-01',
          description: 'Opening debt',
          currency: 'ZAR',
          lines: [
            { ledgerAccount: 'receivable', accountId: meter.accountId, amountMinor: 5000n },
            { ledgerAccount: 'revenue:other', accountId: null, amountMinor: -5000n },
          ],
        },
      ]),
    );
  }
}

/** Creates the agents, each with an outlet, a 2 % commission, a large float and an API key that sells. */
async function seedAgents(db: Db, company: CompanyFixture): Promise<Seller[]> {
  const context = systemContext(company.companyId, 'bench');
  const sellers: Seller[] = [];
  for (let index = 1; index <= settings.agents; index += 1) {
    const agent = await createVendingAgent(db, context, { code: `agent-${index}`, name: `Agent ${index}` });
    const outlet = await createVendingOutlet(db, context, agent.id, { code: 'main', name: 'Main outlet' });
    await setCommissionRules(db, context, agent.id, { rules: [{ method: 'percent', percent: '2' }] });
    await depositAgentFloat(db, context, agent.id, {
      amountMinor: '100000000000',
      currency: 'ZAR',
      reference: `opening-${index}`,
    });
    const key = await createApiKey(db, context, {
      name: `Agent ${index} system`,
      permissions: ['vending:read', 'vending:write'],
    });
    await assignVendingCashier(db, context, agent.id, {
      actorKind: 'api-key',
      actorId: key.apiKey.id,
      outletId: outlet.id,
    });
    sellers.push({ agentId: agent.id, token: key.token });
  }
  return sellers;
}

/** Runs `count` sales with `concurrency` in flight at a time. */
async function runVends(
  sell: () => Promise<{ ms: number; status: number }>,
  count: number,
  concurrency: number,
): Promise<{ ms: number; status: number }[]> {
  const results: { ms: number; status: number }[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      results.push(await sell());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * Checks what the run left: every agent's float balance equals the sum of its float entries, no TID was
 * issued twice for a meter, and the vends' ledger postings balance.
 */
async function checkConsistency(db: Db, companyId: string) {
  const floats = await sql<{ mismatched: number }>`
    select count(*)::int as mismatched from prepayment.vending_agent a
    where a.company_id = ${companyId}::uuid and a.float_balance_minor <> (
      select coalesce(sum(e.amount_minor), 0) from prepayment.agent_float_entry e
      where e.company_id = a.company_id and e.agent_id = a.id)`.execute(db);
  const tids = await sql<{ repeated: number }>`
    select count(*)::int as repeated from (
      select 1 from prepayment.vend_token where company_id = ${companyId}::uuid
      group by meter_id, base_date, tid having count(*) > 1) repeated`.execute(db);
  const postings = await sql<{ unbalanced: number; vends: number }>`
    select count(*) filter (where total <> 0)::int as unbalanced, count(*)::int as vends from (
      select p.id, sum(l.amount_minor) as total from ledger.posting p
      join ledger.posting_line l on l.company_id = p.company_id and l.posting_id = p.id
      where p.company_id = ${companyId}::uuid and p.kind = 'vend' group by p.id) totals`.execute(db);
  return {
    floatMismatches: floats.rows[0]!.mismatched,
    repeatedTids: tids.rows[0]!.repeated,
    unbalancedPostings: postings.rows[0]!.unbalanced,
    vendPostings: postings.rows[0]!.vends,
  };
}

function percentile(sorted: number[], percent: number): string {
  if (sorted.length === 0) return '0';
  const index = Math.min(sorted.length - 1, Math.ceil((percent / 100) * sorted.length) - 1);
  return sorted[index]!.toFixed(1);
}
