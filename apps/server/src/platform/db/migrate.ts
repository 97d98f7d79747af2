import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot } from '../config/repository-root.js';
import type { DatabaseHandle, ScriptRunner } from './open-database.js';

export const migrationsDir = path.join(repositoryRoot, 'apps/server/db/migrations');

export type MigrationResult = { applied: string[]; alreadyApplied: number };

// Any constant works: it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_310_245_001;

/**
 * Applies the plain-SQL migrations in name order, each in its own transaction together with its
 * schema_migration row, under an advisory lock so that two starting servers do not migrate at once.
 * An applied file whose content changed is an error.
 */
export async function migrate(handle: DatabaseHandle): Promise<MigrationResult> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  return handle.withScriptSession(async (run) => {
    await run(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      return await applyPending(run, files);
    } finally {
      await run(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

async function applyPending(run: ScriptRunner, files: string[]): Promise<MigrationResult> {
  await run(`create table if not exists public.schema_migration (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
  const rows = await run('select name, checksum from public.schema_migration');
  const checksums = new Map(rows.map((row) => [String(row.name), String(row.checksum)]));
  const applied: string[] = [];
  let alreadyApplied = 0;

  for (const name of files) {
    const script = await readFile(path.join(migrationsDir, name), 'utf8');
    const checksum = createHash('sha256').update(script).digest('hex');
    const known = checksums.get(name);
    if (known === checksum) {
      alreadyApplied += 1;
      continue;
    }
    if (known !== undefined) {
      throw new Error(`Migration ${name} changed after it was applied: add a new migration file instead.`);
    }
    const record = `insert into public.schema_migration (name, checksum) values ('${name.replaceAll("'", "''")}', '${checksum}');`;
    try {
      await run(`begin;\n${script}\n;\n${record}\ncommit;`);
    } catch (error) {
      await run('rollback');
      throw new Error(`Migration ${name} failed and was rolled back: ${(error as Error).message}`, {
        cause: error,
      });
    }
    applied.push(name);
  }
  return { applied, alreadyApplied };
}
