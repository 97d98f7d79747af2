import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/platform/db/schema.js';

/** A plan that auto_explain logged for one statement, with the scans it made and how long it ran. */
export type LoggedPlan = { queryText: string; scans: string[]; durationMs: number };

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
};

/**
 * Lists every scan in the plan, as "Node Type using index" or "Node Type on table", followed by its rows
 * and milliseconds when the plan was analysed.
 */
export function listScans(node: PlanNode): string[] {
  const index = node['Index Name'];
  const table = node['Relation Name'];
  const actual =
    node['Actual Rows'] === undefined
      ? ''
      : ` (${node['Actual Rows']} rows, ${node['Actual Total Time']?.toFixed(1)} ms)`;
  const own =
    index !== undefined
      ? [`${node['Node Type']} using ${index}${actual}`]
      : table !== undefined
        ? [`${node['Node Type']} on ${table}${actual}`]
        : [];
  return [...own, ...(node.Plans ?? []).flatMap(listScans)];
}

/**
 * A PostgreSQL session as the application role of one company that records the plan of every statement
 * it runs, including the statements inside functions, which EXPLAIN of the calling statement does not
 * show. It loads auto_explain, so it connects as a superuser, then switches to cis_app with SET ROLE.
 * `db` runs Kysely queries on this session.
 */
export type PlanRecordingSession = {
  db: Kysely<Database>;
  /** Runs `work` and returns the plans logged meanwhile, the statements inside functions first. */
  recordPlans(work: () => Promise<unknown>): Promise<LoggedPlan[]>;
  close(): Promise<void>;
};

export async function openPlanRecordingSession(
  connectionString: string,
  companyId: string,
  options: { analyze?: boolean } = {},
): Promise<PlanRecordingSession> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`load 'auto_explain'`);
  await client.query(`set auto_explain.log_min_duration = 0`);
  await client.query(`set auto_explain.log_nested_statements = on`);
  await client.query(`set auto_explain.log_format = json`);
  await client.query(`set auto_explain.log_level = notice`);
  if (options.analyze === true) await client.query(`set auto_explain.log_analyze = on`);
  await client.query(`select set_config('role', 'cis_app', false), set_config('cis.company_id', $1, false)`, [
    companyId,
  ]);

  let recording: LoggedPlan[] | undefined;
  client.on('notice', (notice) => {
    const text = notice.message ?? '';
    const start = text.indexOf('{');
    if (recording === undefined || start < 0) return;
    const logged = JSON.parse(text.slice(start)) as { 'Query Text': string; Plan: PlanNode };
    recording.push({
      queryText: logged['Query Text'],
      scans: listScans(logged.Plan),
      durationMs: Number(/duration: ([0-9.]+) ms/.exec(text)?.[1] ?? Number.NaN),
    });
  });

  // Kysely gets this one session as its pool, so its queries run as cis_app with the plans recorded.
  const pool = {
    connect: () => Promise.resolve(Object.assign(client, { release: () => {} })),
    end: () => Promise.resolve(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    recordPlans: async (work) => {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
    close: () => client.end(),
  };
}
