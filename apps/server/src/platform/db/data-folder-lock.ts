import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export type DataFolderLock = { release(): void };

/**
 * Takes the PGlite data folder for this process. PGlite is a database inside one process: a second process
 * that opens the same folder works on its own copy, and whichever writes last silently wins, so money
 * recorded by the other is lost. The lock is a file beside the folder holding the owner's process id; a
 * lock whose process no longer runs (a crash) is taken over.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const descriptor = openSync(lockPath, 'wx');
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(
          `The data folder ${dataDir} is in use by process ${owner} (a running server or command). ` +
            'Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(
    `Could not lock the data folder ${dataDir}: another process took it at the same moment; try again.`,
  );
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
