import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataFolder } from '../../src/platform/db/data-folder-lock.js';

describe('data folder lock', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cis-lock-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('rejects a second owner while held', () => {
    const dataDir = path.join(root, 'held');
    const lock = lockDataFolder(dataDir);

    expect(() => lockDataFolder(dataDir)).toThrow(`is in use by process ${process.pid}`);
    expect(() => lockDataFolder(dataDir)).toThrow(/set DATABASE_URL/);
    lock.release();
    const again = lockDataFolder(dataDir);
    again.release();
  });

  it('takes over the lock of a dead process', async () => {
    const dataDir = path.join(root, 'stale');
    // Process ids are below 2^22 on Linux, so this one cannot be running.
    await writeFile(`${dataDir}.lock`, '99999999');

    const lock = lockDataFolder(dataDir);

    lock.release();
  });
});
