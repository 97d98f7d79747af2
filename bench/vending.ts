// Vending benchmark: seeds prepaid meters and third-party agents on PostgreSQL, then sells units over HTTP
// on 127.0.0.1 from a client in a child process, as the agents' API keys would. Each vend takes deductions (channel fee, debt recovery, a
// levy and included VAT) and prices inclining blocks on the meter's month. It issues an STS token, posts
// to the ledger and draws on the agent's float, all in one transaction. The benchmark prints vends per
// second, the latency and the checks run afterwards, and as its last line one JSON object.
//
//   npm run bench:vending -- [--meters 10000] [--agents 100] [--vends 20000] [--concurrency 32]
//                            [--warmup 1000] [--keep] [--database NAME]
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the benchmark
// creates a database of its own and drops it afterwards unless --keep. --database sells again on a
// database that an earlier run kept, with a new API key for each of its agents, and keeps it.
import { fork } from 'node:child_process';
import os from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { setDeductionRules } from '../apps/server/src/modules/prepayment/index.js';
import { systemContext, type Db } from '../apps/server/src/platform/context/request-context.js';
import { migrate } from '../apps/server/src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../apps/server/src/platform/db/open-database.js';
import { createLogger } from '../apps/server/src/platform/logging/create-logger.js';
import { buildHttpApp } from '../apps/server/src/server/build-http-app.js';
import { insertCompany, type CompanyFixture } from '../apps/server/test/support/factories/company.js';
import { insertTariff } from '../apps/server/test/support/factories/metered-account.js';
import { insertIssuedBill } from '../apps/server/test/support/factories/payments.js';
import {
  addSellingKey,
  incliningBlockTariff,
  insertPrepaidMeter,
  insertSellingAgent,
  testTokenIssuer,
  typicalDeductionRules,
  type PrepaidFixture,
} from '../apps/server/test/support/factories/prepaid.js';
import { serverCpuSeconds } from './server-cpu.js';
import type { ClientResults, ClientSell, ClientSetup } from './vending-client.js';

const { values } = parseArgs({
  options: {
    meters: { type: 'string', default: '10000' },
    agents: { type: 'string', default: '100' },
    vends: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
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

/**
 * The tests' typical rules and a monthly charge of 5.00, taken from each meter's first purchase of the
 * month, so that a vend also reads and adds to what the month's vends collected.
 */
const benchDeductionRules = [
  ...typicalDeductionRules,
  {
    code: 'rental',
    name: 'Meter rental',
    kind: 'fixed-charge' as const,
    method: 'monthly' as const,
    amountMinor: '500',
  },
];

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const reused = values.database !== undefined;
const databaseName = values.database ?? `cis_bench_vending_${process.pid}`;
if (!/^[a-z_][a-z0-9_]*$/.test(databaseName)) {
  throw new Error(`Invalid --database "${databaseName}": use a database name that an earlier run printed.`);
}
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (!reused) await admin.query(`create database ${databaseName}`);
const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
const handle = await openDatabase({ kind: 'postgres', connectionString: url.toString() });
try {
  await run(handle);
} finally {
  await handle.close();
  if (!values.keep && !reused) await admin.query(`drop database if exists ${databaseName} with (force)`);
  else console.log(`kept database ${databaseName}`);
  await admin.end();
}

type Seller = { agentId: string; token: string };

/** The sales' setting: the company, its meters' PANs and one selling API key per agent. */
type Fixture = { companyId: string; pans: string[]; sellers: Seller[] };

async function run(database: DatabaseHandle): Promise<void> {
  await migrate(database);
  const fixture = reused ? await loadFixture(database) : await seed(database);
  const { companyId, pans, sellers } = fixture;

  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await buildHttpApp({
    database,
    logger: createLogger({ level: 'info', destination: discard }),
    rateLimit: { max: 10_000_000, windowMs: 60_000 },
    tokenIssuer: testTokenIssuer(),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = await startClient(address, sellers, pans);
  try {
    await client.sell(settings.warmup, settings.concurrency);
    // Refreshes the planner's statistics, as autovacuum would on a server that runs it: with the figures
    // of the empty tables seeded, the planner reads every vend of the month where an index finds a few.
    await sql`analyze`.execute(database.db);
    const load = os.loadavg()[0]!;
    const cpuBefore = { node: process.cpuUsage(), server: await serverCpuSeconds(databaseName) };
    const started = performance.now();
    const { results, cpuSeconds: clientCpuSeconds } = await client.sell(settings.vends, settings.concurrency);
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const nodeCpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
    const serverCpu = (await serverCpuSeconds(databaseName)) - cpuBefore.server;
    const loadAfter = os.loadavg()[0]!;
    const latencies = results.map((result) => result.ms).sort((left, right) => left - right);
    const failed = results.filter((result) => result.status !== 201);
    const perSecond = settings.vends / seconds;
    const checks = await checkConsistency(database.db, companyId);
    console.log(
      `vends           ${settings.vends} in ${seconds.toFixed(1)} s with ${settings.concurrency} in flight: ${perSecond.toFixed(0)} vends/s`,
    );
    console.log(
      `latency ms      p50 ${percentile(latencies, 50)}  p95 ${percentile(latencies, 95)}  p99 ${percentile(latencies, 99)}  max ${latencies.at(-1)?.toFixed(1)}`,
    );
    console.log(
      `failed          ${failed.length} (statuses ${[...new Set(failed.map((result) => result.status))].join(', ') || 'none'})`,
    );
    console.log(
      `cpu             ${formatCpu(nodeCpuSeconds)} in the server, ${formatCpu(serverCpu)} in the database's postgres backends, ${formatCpu(clientCpuSeconds)} in the HTTP client`,
    );
    console.log(`load average    ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
    console.log(`checks          ${JSON.stringify(checks)}`);
    console.log(
      JSON.stringify({
        benchmark: 'vending',
        meters: pans.length,
        agents: sellers.length,
        vends: settings.vends,
        concurrency: settings.concurrency,
        seconds: Number(seconds.toFixed(2)),
        vendsPerSecond: Number(perSecond.toFixed(1)),
        p50Ms: Number(percentile(latencies, 50)),
        p95Ms: Number(percentile(latencies, 95)),
        p99Ms: Number(percentile(latencies, 99)),
        failed: failed.length,
        nodeCpuMsPerVend: Number(((nodeCpuSeconds * 1000) / settings.vends).toFixed(2)),
        serverCpuMsPerVend: Number(((serverCpu * 1000) / settings.vends).toFixed(2)),
        clientCpuMsPerVend: Number(((clientCpuSeconds * 1000) / settings.vends).toFixed(2)),
        checks,
        cpus: os.cpus().length,
        node: process.version,
      }),
    );
  } finally {
    client.stop();
    await app.close();
  }
}

/**
 * Starts the HTTP client in a child process (bench/vending-client.ts), so that the benchmark process's CPU
 * time is the server's alone, and hands it the address, the selling keys and the meters.
 */
async function startClient(address: string, sellers: Seller[], pans: string[]) {
  const child = fork(fileURLToPath(new URL('./vending-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(message as T));
      child.once('exit', (code) =>
        reject(new Error(`The vending benchmark's client exited with code ${code}.`)),
      );
    });
  const ready = next<{ kind: 'ready' }>();
  const setup: ClientSetup = {
    kind: 'setup',
    address,
    tokens: sellers.map((seller) => seller.token),
    pans,
  };
  child.send(setup);
  await ready;
  return {
    sell: (count: number, concurrency: number): Promise<ClientResults> => {
      const results = next<ClientResults>();
      const request: ClientSell = { kind: 'sell', count, concurrency };
      child.send(request);
      return results;
    },
    stop: () => child.kill(),
  };
}

/** Seeds a new database: the company, its meters, deduction rules, debts and agents. */
async function seed(database: DatabaseHandle): Promise<Fixture> {
  const seedStarted = performance.now();
  const company = await insertCompany(database.db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
  const context = systemContext(company.companyId, 'bench');
  const scoped = database.forCompany(company.companyId);
  const meters = await seedMeters(database.db, company);
  await setDeductionRules(scoped, context, benchDeductionRules);
  await giveDebts(database.db, company, meters);
  const sellers = await seedAgents(scoped, company);
  await sql`vacuum analyze`.execute(database.db);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(
    `setup           ${seedSeconds.toFixed(0)} s: ${meters.length} meters (a tenth owing), ${sellers.length} agents with a float and 2 % commission`,
  );

  return { companyId: company.companyId, pans: meters.map((meter) => meter.pan), sellers };
}

/** Reads a kept database's company and meters, and gives each of its agents a new selling API key. */
async function loadFixture(database: DatabaseHandle): Promise<Fixture> {
  const companies = await sql<{ id: string }>`select id from companies.company`.execute(database.db);
  if (companies.rows.length !== 1) {
    throw new Error(
      `Database ${databaseName} has ${companies.rows.length} companies, not the one a run seeds.`,
    );
  }
  const companyId = companies.rows[0]!.id;
  const meters = await sql<{ pan: string }>`
    select pan from prepayment.prepaid_meter where company_id = ${companyId}::uuid order by pan`.execute(
    database.db,
  );
  const agents = await sql<{ id: string; outlet_id: string }>`
    select a.id, (select o.id from prepayment.vending_outlet o
                  where o.company_id = a.company_id and o.agent_id = a.id limit 1) as outlet_id
    from prepayment.vending_agent a where a.company_id = ${companyId}::uuid order by a.code`.execute(
    database.db,
  );
  const scoped = database.forCompany(companyId);
  const sellers: Seller[] = [];
  for (const agent of agents.rows) {
    const key = await addSellingKey(scoped, companyId, agent.id, agent.outlet_id);
    sellers.push({ agentId: agent.id, token: key.token });
  }
  console.log(`reused          ${databaseName}: ${meters.rows.length} meters, ${sellers.length} agents`);
  return { companyId, pans: meters.rows.map((row) => row.pan), sellers };
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
  for (let index = 0; index < meters.length; index += 10) {
    // An unpaid invoice from before the meter went prepaid, which the recovered debt settles.
    await insertIssuedBill(db, company, meters[index]!.accountId, {
      totalMinor: 5000n,
      issueDate: '2026-01-05',
      dueDate: '2026-01-25',
      invoiceNumber: `BENCH-${index}`,
      currency: 'ZAR',
    });
  }
}

/** Creates the agents, each with an outlet, a 2 % commission, a large float and an API key that sells. */
async function seedAgents(db: Db, company: CompanyFixture): Promise<Seller[]> {
  const sellers: Seller[] = [];
  for (let index = 1; index <= settings.agents; index += 1) {
    const agent = await insertSellingAgent(db, company.companyId, `agent-${index}`, '100000000000');
    sellers.push({ agentId: agent.agentId, token: agent.token });
  }
  return sellers;
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

function formatCpu(cpuSeconds: number): string {
  return `${cpuSeconds.toFixed(2)} s (${((cpuSeconds * 1000) / settings.vends).toFixed(2)} ms a vend)`;
}

function percentile(sorted: number[], percent: number): string {
  if (sorted.length === 0) return '0';
  const index = Math.min(sorted.length - 1, Math.ceil((percent / 100) * sorted.length) - 1);
  return sorted[index]!.toFixed(1);
}
