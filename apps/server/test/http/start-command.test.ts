import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cisBin = path.resolve(import.meta.dirname, '../../bin/cis.js');

const children: ChildProcess[] = [];

type StartedServer = { child: ChildProcess; url: string; logLines: Record<string, unknown>[] };

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIS_DATA_DIR: dataDir,
    CIS_DEMO_CUSTOMERS: '3',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  return env;
}

/** Spawns `cis start` and resolves once it logs the URL it listens on. */
function startCis(dataDir: string): Promise<StartedServer> {
  const child = spawn(process.execPath, [cisBin, 'start'], {
    env: serverEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const logLines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cis start did not listen within 60 s:\n${stderr}`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cis start exited with code ${code} before listening:\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logLines.push(entry);
      if (entry.msg === 'server listening' && typeof entry.url === 'string') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url: entry.url, logLines });
      }
    });
  });
}

function stopCis(server: StartedServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

function runCis(dataDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [cisBin, ...args], {
    env: serverEnv(dataDir),
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** Polls a folder until a mail file appears in it, and returns the first one's text. */
async function waitForMailFile(directory: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const files = await readdir(directory).catch(() => [] as string[]);
    const file = files.find((name) => name.endsWith('.eml'));
    if (file) return readFile(path.join(directory, file), 'utf8');
    if (Date.now() > deadline) throw new Error(`No mail file appeared in ${directory} within 15 s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cis start', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cis-start-'));
  });
  afterAll(async () => {
    // A failed assertion can leave a server running: stop the ones this suite started.
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds, serves, stops and keeps data', async () => {
    const first = await startCis(dataDir);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const page = await fetch(`${first.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const seeded = first.logLines.find((line) => line.msg === 'demo utility seeded');
    expect(seeded?.companyCode).toBe('jackson-emc-demo');
    const demoApiKey = first.logLines.find((line) => typeof line.demoApiKey === 'string')
      ?.demoApiKey as string;
    expect(demoApiKey).toMatch(/^cis_/);
    const demoCompany = await fetch(`${first.url}/v1/company`, { headers: { 'x-api-key': demoApiKey } });
    expect(demoCompany.status).toBe(200);

    // Without CIS_SMTP_URL a "forgot password" mail lands in the data folder, with a link to this server.
    const user = await fetch(`${first.url}/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': demoApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'clerk@example.com', displayName: 'Clerk', roles: ['cashier'] }),
    });
    expect(user.status).toBe(201);
    const forgot = await fetch(`${first.url}/v1/auth/password-reset-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company: 'jackson-emc-demo', email: 'clerk@example.com' }),
    });
    expect(forgot.status).toBe(202);
    const mail = await waitForMailFile(path.join(dataDir, 'outgoing-mail'));
    expect(mail).toContain('To: Clerk <clerk@example.com>');
    // The text part is quoted-printable: join its soft line breaks and decode "=3D" to "=".
    const mailText = mail.replaceAll('=\n', '').replaceAll('=3D', '=');
    expect(mailText).toContain(`${first.url}/reset-password?lang=en#token=cis_reset_`);
    expect(first.logLines.find((line) => line.msg === 'mail channel ready')?.mail).toBe(
      `written to ${path.join(dataDir, 'outgoing-mail')}`,
    );

    expect(await stopCis(first)).toBe(0);
    expect(first.logLines.some((line) => line.msg === 'server stopped')).toBe(true);

    runCis(dataDir, [
      'companies',
      'create',
      '--code',
      'smoke',
      '--name',
      'Smoke Water',
      '--currency',
      'USD',
      '--time-zone',
      'America/Denver',
    ]);
    const token = runCis(dataDir, [
      'api-keys',
      'create',
      '--company',
      'smoke',
      '--name',
      'smoke test',
      '--permission',
      'companies:read',
    ]);
    expect(token).toMatch(/^cis_/);

    for (let round = 0; round < 2; round += 1) {
      const server = await startCis(dataDir);
      const migrated = server.logLines.find((line) => line.msg === 'database migrated');
      expect(migrated?.applied).toEqual([]);
      expect(server.logLines.some((line) => line.msg === 'demo utility seeded')).toBe(false);

      const response = await fetch(`${server.url}/v1/company`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        code: 'smoke',
        currency: 'USD',
        timeZone: 'America/Denver',
      });
      const demo = await fetch(`${server.url}/v1/company`, { headers: { 'x-api-key': demoApiKey } });
      expect(await demo.json()).toMatchObject({ code: 'jackson-emc-demo' });
      expect(await stopCis(server)).toBe(0);
    }
    // Three cold starts of the CLI, the first one seeding the demo, took 62 s on a loaded 2-core machine.
  }, 240_000);
});
