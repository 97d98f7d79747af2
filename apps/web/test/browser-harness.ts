/// <reference lib="dom" />
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { inject } from 'vitest';
import type { SeedDemoUtilityResult } from '../../server/src/modules/demo/index.js';
import { loadConfig } from '../../server/src/platform/config/load-config.js';
import { createLogger } from '../../server/src/platform/logging/create-logger.js';
import { startServer, type RunningServer } from '../../server/src/server/start-server.js';

const webDirectory = path.resolve(import.meta.dirname, '..');

/** The flags a headless Chromium needs here: no sandbox as root, and no calls to Google's services. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type BrowserHarness = {
  url: string;
  demo: SeedDemoUtilityResult;
  browser: Browser;
  server: RunningServer;
  /** Opens a page in a fresh context (own cookies and storage) with the app's language set. */
  newPage(language: 'en' | 'es'): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
};

/**
 * Builds the web app into `folder` once for the whole test run: the first test file to get here takes a
 * lock folder and builds, and the others, in other worker processes, wait for the file that marks it
 * built (or failed, with the reason). The markers sit beside the folder, so the server never serves
 * them. A build takes about 11 seconds, so building once per file cost minutes of every run.
 */
async function buildWebAppOnce(folder: string): Promise<string> {
  let builder = true;
  try {
    await mkdir(`${folder}.lock`, { recursive: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    builder = false;
  }
  if (builder) {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build. The tests drive
    // the production bundle that users get, so the build runs with NODE_ENV=production.
    const testEnvironment = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: webDirectory,
        logLevel: 'warn',
        configFile: path.join(webDirectory, 'vite.config.ts'),
        build: { outDir: folder, emptyOutDir: true },
      });
      await writeFile(`${folder}.built`, '');
    } catch (error) {
      await writeFile(`${folder}.failed`, String(error));
      throw error;
    } finally {
      process.env.NODE_ENV = testEnvironment;
    }
    return folder;
  }
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (await exists(`${folder}.built`)) return folder;
    if (await exists(`${folder}.failed`)) {
      const reason = await readFile(`${folder}.failed`, 'utf8');
      throw new Error(`The shared build of the web app failed in another test file: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The shared build of the web app in ${folder} did not finish within 3 minutes.`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the web app (once per run), starts the real server on an embedded PGlite database seeded with the demo utility,
 * and launches Debian's Chromium (never a downloaded browser) to drive it.
 */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  const webRoot = await buildWebAppOnce(inject('webBuildFolder'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cis-browser-'));
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    CIS_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete environment.DATABASE_URL;
  const config = loadConfig(environment);
  const server = await startServer(config, createLogger({ level: 'warn' }), {
    demoCustomers: 40,
    webRoot,
    // Every test signs in through the form, which is more than the default 30 a minute from one address.
    signInsPerMinute: 1000,
  });
  if (!server.demo) throw new Error('The browser tests expect a fresh database with the demo utility.');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const url = server.url;
  return {
    url,
    demo: server.demo,
    browser,
    server,
    async newPage(language) {
      const context = await browser.newContext({
        baseURL: url,
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      await context.addInitScript((code) => window.localStorage.setItem('open-cis.language', code), language);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
