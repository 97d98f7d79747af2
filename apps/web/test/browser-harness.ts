/// <reference lib="dom" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
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
 * Builds the web app, starts the real server on an embedded PGlite database seeded with the demo utility,
 * and launches Debian's Chromium (never a downloaded browser) to drive it.
 */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build. The tests drive
  // the production bundle that users get, so the build runs with NODE_ENV=production.
  // Each test file builds into its own folder, so files running in parallel never overwrite each other's
  // bundle (or apps/web/dist) halfway through a build.
  const webRoot = await mkdtemp(path.join(tmpdir(), 'cis-browser-web-'));
  const testEnvironment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webDirectory,
      logLevel: 'warn',
      configFile: path.join(webDirectory, 'vite.config.ts'),
      build: { outDir: webRoot, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = testEnvironment;
  }
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
      await rm(webRoot, { recursive: true, force: true });
    },
  };
}
