// Billing benchmark: creates N accounts with monthly register reads on a tiered tariff with a fixed charge
// and a tax, runs one bill run over them, and prints a summary and, as its last line, one JSON object.
//
//   npm run bench:billing -- --accounts 100000 --db postgres   (DATABASE_URL names the server; the
//                                                               benchmark creates and drops its own database)
//   npm run bench:billing -- --accounts 10000 --db pglite      (a temporary PGlite data folder)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import {
  processBillRun,
  recommendedBillRunWorkers,
  startBillRun,
} from '../apps/server/src/modules/billing/index.js';
import { systemContext, type Db } from '../apps/server/src/platform/context/request-context.js';
import { migrate } from '../apps/server/src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../apps/server/src/platform/db/open-database.js';
import { serverCpuSeconds } from './server-cpu.js';

const benchTariff = {
  schemaVersion: 1,
  id: 'bench-residential',
  name: 'Residential tiered',
  service: 'electricity',
  versions: [
    {
      id: 'v1',
      effectiveFrom: '2020-01-01',
      components: [
        { kind: 'fixed', id: 'service', name: 'Customer charge', amount: '12.50', per: 'month' },
        {
          kind: 'energy',
          id: 'energy',
          name: 'Energy',
          tierBasis: 'bill-total',
          periods: [
            {
              period: 0,
              tiers: [
                { upTo: '500', limitUnit: 'kWh', price: '0.1123' },
                { upTo: '1000', limitUnit: 'kWh', price: '0.1347' },
                { limitUnit: 'kWh', price: '0.1561' },
              ],
            },
          ],
        },
        {
          kind: 'tax',
          id: 'sales-tax',
          name: 'Sales tax',
          rate: { kind: 'percent', percent: '6.25' },
          appliesTo: { kinds: ['fixed', 'energy'] },
        },
      ],
    },
  ],
};

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'pglite' },
    'chunk-size': { type: 'string', default: '2000' },
    workers: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts);
const chunkSize = Number(values['chunk-size']);
const workers =
  values.workers === undefined
    ? recommendedBillRunWorkers(values.db === 'postgres' ? 'postgres' : 'pglite')
    : Number(values.workers);
if (!Number.isInteger(accounts) || accounts < 1)
  throw new Error(`Invalid --accounts "${values.accounts}": use a positive whole number.`);
if (values.db !== 'pglite' && values.db !== 'postgres')
  throw new Error(`Invalid --db "${values.db}": use pglite or postgres.`);

const { handle, cleanup } = await openBenchDatabase(values.db);
try {
  await migrate(handle);
  const setupStarted = performance.now();
  const { companyId, billCycleId } = await createBenchData(handle.db, accounts);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const context = systemContext(companyId, 'bench');
  // The run goes through row-level security as the application role, like a bill run of the server.
  const companyDb = handle.forCompany(companyId);
  const { billRun } = await startBillRun(companyDb, context, {
    billCycleId,
    cutOffOn: '2026-02-01',
    issueBills: process.env.BENCH_DRAFT !== '1',
  });
  const started = performance.now();
  const cpuBefore = { node: process.cpuUsage(), server: await serverCpuSeconds() };
  const run = await processBillRun(companyDb, context, billRun.id, {
    issueDate: '2026-02-02',
    chunkSize,
    workers,
    onProgress: (progress) =>
      process.stderr.write(`\r${progress.accountsProcessed}/${progress.accountsTotal} accounts`),
  });
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  const nodeCpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
  const serverCpu = (await serverCpuSeconds()) - cpuBefore.server;
  process.stderr.write('\n');

  const counts = await sql<{
    bills: string;
    lines: string;
    postings: string;
    trace_bytes: string;
    sample: string;
  }>`
    select (select count(*) from billing.bill) as bills, (select count(*) from billing.bill_line) as lines,
      (select count(*) from ledger.posting) as postings,
      (select round(avg(length(trace::text))) from billing.bill_line) as trace_bytes,
      (select trace::text from billing.bill_line where component_kind = 'energy' limit 1) as sample
  `.execute(handle.db);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const result = {
    accounts,
    bills: run.billsCreated,
    exceptions: run.exceptionsCount,
    seconds: Number(seconds.toFixed(2)),
    bills_per_second: Math.round(run.billsCreated / seconds),
    peak_rss_mb: peakRssMb,
    db: values.db,
    chunk_size: chunkSize,
    workers,
    node_cpu_seconds: Number(nodeCpuSeconds.toFixed(2)),
    ...(values.db === 'postgres' ? { server_cpu_seconds: Number(serverCpu.toFixed(2)) } : {}),
  };
  console.log(`database        ${values.db}`);
  console.log(
    `setup           ${setupSeconds.toFixed(1)} s for ${accounts} accounts, meters and 9 monthly reads each`,
  );
  console.log(
    `bill run        ${seconds.toFixed(2)} s: ${run.billsCreated} bills, ${run.exceptionsCount} exceptions`,
  );
  console.log(
    `stored          ${counts.rows[0]?.bills} bills, ${counts.rows[0]?.lines} lines, ${counts.rows[0]?.postings} postings`,
  );
  console.log(`trace           ${counts.rows[0]?.trace_bytes} bytes a line on average`);
  if (process.env.BENCH_SHOW_TRACE) console.log(counts.rows[0]?.sample);
  console.log(`throughput      ${result.bills_per_second} bills/s`);
  console.log(
    `cpu             ${formatCpu(nodeCpuSeconds)} in this process` +
      (values.db === 'postgres' ? `, ${formatCpu(serverCpu)} in local postgres processes` : ''),
  );
  console.log(
    `peak RSS        ${peakRssMb} MB (this process${values.db === 'pglite' ? ', PGlite included' : ''})`,
  );
  console.log(JSON.stringify(result));
} finally {
  await handle.close();
  await cleanup();
}

function formatCpu(cpuSeconds: number): string {
  return `${cpuSeconds.toFixed(2)} s (${((cpuSeconds * 1e6) / Math.max(accounts, 1)).toFixed(0)} µs a bill)`;
}

async function openBenchDatabase(
  kind: 'pglite' | 'postgres',
): Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cis-bench-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    return { handle, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `cis_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const handle = await openDatabase({ kind: 'postgres', connectionString: url.toString() });
  return {
    handle,
    cleanup: async () => {
      // The pool's end() returns before its connections have closed; drop once the server sees them gone.
      for (let attempt = 0; attempt < 50; attempt++) {
        const sessions = await admin.query<{ count: string }>(
          'select count(*) as count from pg_stat_activity where datname = $1',
          [database],
        );
        if (sessions.rows[0]?.count === '0') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (values.keep) console.error(`kept database ${database}`);
      else await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  };
}

// Set-based setup: each table is filled by one INSERT … SELECT over generate_series.
async function createBenchData(db: Db, count: number): Promise<{ companyId: string; billCycleId: string }> {
  const company = await db
    .insertInto('companies.company')
    .values({
      code: 'bench',
      name: 'Bench Power',
      currency: 'USD',
      currency_minor_unit: 2,
      time_zone: 'America/New_York',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const companyId = company.id;
  const cycle = await db
    .insertInto('billing.bill_cycle')
    .values({ company_id: companyId, code: 'monthly', name: 'Monthly' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tariff = await db
    .insertInto('rates.tariff')
    .values({ company_id: companyId, code: 'RES', name: 'Residential tiered', service: 'electricity' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('rates.tariff_version')
    .values({
      company_id: companyId,
      tariff_id: tariff.id,
      effective_from: '2020-01-01',
      definition: JSON.stringify(benchTariff),
    })
    .execute();

  await sql`
    insert into customers.customer (company_id, id, kind, display_name, family_name)
    select ${companyId}::uuid, md5('c' || n)::uuid, 'person', 'Customer ' || n, 'Customer ' || n from generate_series(1, ${count}) n;
    `.execute(db);
  await sql`
    insert into customers.account (company_id, id, account_number, customer_id, bill_cycle_id)
    select ${companyId}::uuid, md5('a' || n)::uuid, 'A' || lpad(n::text, 9, '0'), md5('c' || n)::uuid, ${cycle.id}::uuid
    from generate_series(1, ${count}) n`.execute(db);
  await sql`
    insert into premises.premise (company_id, id, address_line1, city, country)
    select ${companyId}::uuid, md5('p' || n)::uuid, n || ' Main Street', 'Springfield', 'US' from generate_series(1, ${count}) n`.execute(
    db,
  );
  await sql`
    insert into premises.service_point (company_id, id, premise_id, service)
    select ${companyId}::uuid, md5('s' || n)::uuid, md5('p' || n)::uuid, 'electricity' from generate_series(1, ${count}) n`.execute(
    db,
  );
  await sql`
    insert into devices.meter (company_id, id, serial_number, service, status)
    select ${companyId}::uuid, md5('m' || n)::uuid, 'M' || n, 'electricity', 'installed' from generate_series(1, ${count}) n`.execute(
    db,
  );
  await sql`
    insert into devices.meter_register (company_id, id, meter_id, code, unit, dials)
    select ${companyId}::uuid, md5('r' || n)::uuid, md5('m' || n)::uuid, '1.8.0', 'kWh', 6 from generate_series(1, ${count}) n`.execute(
    db,
  );
  await sql`
    insert into devices.meter_installation (company_id, meter_id, service_point_id, installed_on)
    select ${companyId}::uuid, md5('m' || n)::uuid, md5('s' || n)::uuid, date '2025-06-01' from generate_series(1, ${count}) n`.execute(
    db,
  );
  await sql`
    insert into agreements.service_agreement (company_id, account_id, service_point_id, tariff_id, start_on)
    select ${companyId}::uuid, md5('a' || n)::uuid, md5('s' || n)::uuid, ${tariff.id}::uuid, date '2026-01-01'
    from generate_series(1, ${count}) n`.execute(db);
  // Monthly reads from the install to the cut-off; use between 200 and 1,100 kWh a month.
  await sql`
    insert into readings.register_read (company_id, register_id, read_on, value, kind, source)
    select ${companyId}::uuid, md5('r' || n)::uuid, (date '2025-06-01' + make_interval(months => m))::date,
      (n % 5000) + m * (200 + (n * 7919) % 900), case when m = 0 then 'install' else 'actual' end, 'import'
    from generate_series(1, ${count}) n, generate_series(0, 8) m`.execute(db);
  await sql`analyze`.execute(db);
  return { companyId, billCycleId: cycle.id };
}
