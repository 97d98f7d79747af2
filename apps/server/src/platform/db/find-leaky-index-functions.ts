import { sql } from 'kysely';
import type { DbOrTrx } from '../context/request-context.js';

/**
 * Functions whose conditions must drive index scans in the queries of the application roles, and what
 * relies on them. Under row-level security the planner applies the company policy before any condition
 * whose function is not LEAKPROOF, so such a condition only filters the rows that the policy admitted,
 * and the query reads every row of the company. PostgreSQL 15 and PGlite 0.5 declare them all LEAKPROOF.
 * The search= filters and the typo-tolerant search need none of them (migration 0065).
 */
export const indexConditionFunctions: readonly { signature: string; usedBy: string }[] = [
  { signature: 'pg_catalog.uuid_eq(uuid,uuid)', usedBy: 'lookups by company and id in every table' },
  { signature: 'pg_catalog.texteq(text,text)', usedBy: 'the search by account number, serial, email, phone' },
  { signature: 'pg_catalog.starts_with(text,text)', usedBy: 'the search by the start of a value' },
  { signature: 'pg_catalog.text_pattern_ge(text,text)', usedBy: 'the search for house number typos' },
  { signature: 'pg_catalog.text_pattern_lt(text,text)', usedBy: 'the search for house number typos' },
];

/** A warning for the operator: the functions that are not LEAKPROOF, and the statement that fixes it. */
export type LeakyIndexFunctions = {
  functions: string[];
  /** The SQL that a superuser, the only role PostgreSQL lets declare a function LEAKPROOF, has to run. */
  fix: string;
};

/**
 * Reads pg_proc.proleakproof of indexConditionFunctions in the connected database. Returns undefined when
 * all of them are LEAKPROOF. A function missing from pg_proc is left out.
 */
export async function findLeakyIndexFunctions(db: DbOrTrx): Promise<LeakyIndexFunctions | undefined> {
  const signatures = indexConditionFunctions.map((entry) => entry.signature);
  const result = await sql<{ signature: string }>`
    select wanted.signature
    from unnest(${signatures}::text[]) as wanted (signature)
    join pg_proc p on p.oid = to_regprocedure(wanted.signature)
    where not p.proleakproof
    order by wanted.signature`.execute(db);
  const functions = result.rows.map((row) => row.signature);
  if (functions.length === 0) return undefined;
  return {
    functions,
    fix: functions.map((signature) => `alter function ${signature} leakproof;`).join(' '),
  };
}

/** The log message of a LeakyIndexFunctions warning, whose fields carry the functions and the fix. */
export const LEAKY_INDEX_FUNCTIONS_MESSAGE =
  'functions are not LEAKPROOF, so lookups read every row of a company: run the fix as a superuser';

/** Writes a LeakyIndexFunctions warning as one line for the command line. */
export function formatLeakyIndexFunctionsWarning(leaky: LeakyIndexFunctions): string {
  return (
    `Warning: functions not LEAKPROOF: ${leaky.functions.join(', ')}. Under row-level security their conditions ` +
    `cannot use indexes, so lookups read every row of a company. Connect to this database as a ` +
    `superuser (such as postgres) and run: ${leaky.fix}`
  );
}
