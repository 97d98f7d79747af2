import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

const screenshotDirectory = path.resolve(import.meta.dirname, '../../../docs/screenshots');

type Texts = {
  signIn: string;
  customers: string;
  exportCsv: string;
  showTrace: string;
  trace: string;
  startRun: string;
  completed: string;
  postPayment: string;
  posted: string;
  account: string;
  amount: string;
  cutOff: string;
  tariffs: string;
};

const texts: Record<'en' | 'es', Texts> = {
  en: {
    signIn: 'Sign in',
    customers: 'Customers',
    exportCsv: 'Export CSV',
    showTrace: 'Show the calculation of line 1',
    trace: 'How this line was calculated',
    startRun: 'Start a bill run',
    completed: 'Completed',
    postPayment: 'Post a payment',
    posted: 'Posted',
    account: 'Account number',
    amount: 'Amount',
    cutOff: 'Cut-off date',
    tariffs: 'Tariffs',
  },
  es: {
    signIn: 'Entrar',
    customers: 'Clientes',
    exportCsv: 'Exportar CSV',
    showTrace: 'Ver el cálculo de la línea 1',
    trace: 'Cómo se calculó esta línea',
    startRun: 'Lanzar una facturación',
    completed: 'Terminada',
    postPayment: 'Registrar un cobro',
    posted: 'Registrado',
    account: 'Número de cuenta',
    amount: 'Importe',
    cutOff: 'Fecha de corte',
    tariffs: 'Tarifas',
  },
};

describe('back-office web app in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  function demoUser(role: string) {
    const user = harness.demo.users.find((entry) => entry.role === role);
    if (!user) throw new Error(`The demo has no ${role}.`);
    return user;
  }

  async function signIn(page: Page, language: 'en' | 'es', role = 'administrator') {
    const user = demoUser(role);
    await page.goto('/');
    await page
      .getByLabel(language === 'en' ? 'Company code' : 'Código de empresa')
      .fill(harness.demo.companyCode);
    await page.getByLabel(language === 'en' ? 'Email' : 'Correo electrónico').fill(user.user);
    await page.locator('input[autocomplete="current-password"]').fill(user.demoPassword);
    await page.getByRole('button', { name: texts[language].signIn, exact: true }).click();
    await page.getByRole('heading', { name: texts[language].customers, level: 1 }).waitFor();
  }

  async function expectAccessible(page: Page) {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations.filter((violation) =>
      ['serious', 'critical'].includes(violation.impact ?? ''),
    );
    expect(
      serious
        .map(
          (violation) =>
            `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        )
        .join('\n'),
    ).toBe('');
  }

  async function apiGet<T>(pathAndQuery: string): Promise<T> {
    const response = await fetch(`${harness.url}${pathAndQuery}`, {
      headers: { 'x-api-key': harness.demo.apiKey },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`signs in, searches and opens a bill's trace (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signIn(page, language);
      await expectAccessible(page);

      const accounts = await apiGet<{ items: { id: string; accountNumber: string; customerName: string }[] }>(
        '/v1/accounts?limit=5',
      );
      const target = accounts.items[0];
      if (!target) throw new Error('The demo has no account.');
      await page.keyboard.press('Control+k');
      await page
        .getByRole('combobox', { name: language === 'en' ? 'Search' : 'Buscar' })
        .fill(target.accountNumber);
      const firstHit = page.getByRole('listbox').getByRole('option').first();
      await firstHit.waitFor();
      // The hit shows which field matched, in the user's language.
      const matchLabel = language === 'en' ? 'Account number' : 'Número de cuenta';
      expect(await firstHit.textContent()).toContain(`${matchLabel}: ${target.accountNumber}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: new RegExp(target.accountNumber) }).waitFor();
      await expectAccessible(page);
      if (language === 'en')
        await page.screenshot({ path: await screenshotPath('customer-360.png'), fullPage: true });

      const billLink = page
        .getByRole('table', { name: language === 'en' ? 'Bills' : 'Facturas' })
        .getByRole('link')
        .first();
      await billLink.click();
      await page.getByRole('button', { name: text.showTrace }).click();
      await page.getByTestId('line-trace').first().waitFor();
      await page.getByText(text.trace).first().waitFor();
      await expectAccessible(page);
      if (language === 'en')
        await page.screenshot({ path: await screenshotPath('bill-trace.png'), fullPage: true });
      await context.close();
    });

    it(`runs a bill run and watches it finish (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signIn(page, language);
      await page.getByRole('link', { name: language === 'en' ? 'Bill runs' : 'Facturaciones' }).click();
      // A cut-off after the demo's own run, and a different one per language, so each test starts a new run.
      const cutOff = new Date(Date.now() - (language === 'en' ? 0 : 86_400_000)).toISOString().slice(0, 10);
      await page.getByLabel(new RegExp(`^${text.cutOff}`)).fill(cutOff);
      await page.getByRole('button', { name: text.startRun }).click();
      await page
        .getByTestId('bill-run-status')
        .filter({ hasText: text.completed })
        .waitFor({ timeout: 60_000 });
      await expectAccessible(page);
      if (language === 'en')
        await page.screenshot({ path: await screenshotPath('bill-run.png'), fullPage: true });
      await context.close();
    }, 120_000);

    it(`posts a payment and shows its allocations (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signIn(page, language, 'cashier');
      expect(await page.getByRole('link', { name: text.tariffs }).count()).toBe(0);
      const accounts = await apiGet<{ items: { accountNumber: string }[] }>('/v1/accounts?limit=1&offset=3');
      await page.getByRole('link', { name: language === 'en' ? 'Payments' : 'Cobros' }).click();
      await page.getByLabel(text.account).fill(accounts.items[0]?.accountNumber ?? '');
      await page.getByLabel(new RegExp(`^${text.amount}`)).fill('abc');
      await page.getByRole('button', { name: text.postPayment }).click();
      await page.getByText(language === 'en' ? 'Invalid amount "abc"' : 'Importe no válido «abc»').waitFor();
      await page.getByLabel(new RegExp(`^${text.amount}`)).fill(language === 'en' ? '25.50' : '25,50');
      await page.getByRole('button', { name: text.postPayment }).click();
      await page.getByTestId('payment-status').filter({ hasText: text.posted }).waitFor();
      await expectAccessible(page);
      if (language === 'en')
        await page.screenshot({ path: await screenshotPath('payment.png'), fullPage: true });
      await context.close();
    });

    it(`exports the customer table as CSV (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signIn(page, language);
      await expectAccessible(page);
      if (language === 'en')
        await page.screenshot({ path: await screenshotPath('customers.png'), fullPage: true });
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: text.exportCsv }).click();
      const file = await (await download).path();
      const csv = await readFile(file, 'utf8');
      expect(csv.split('\n')[0]).toMatch(/displayName|name/i);
      expect(csv.trim().split('\n').length).toBeGreaterThan(10);
      await context.close();
    });
  }

  it('shows tariffs with their TOU grid', async () => {
    const { context, page } = await harness.newPage('en');
    await signIn(page, 'en');
    await page.getByRole('link', { name: 'Tariffs' }).click();
    await page.getByRole('link', { name: 'JEMC-A-SCLIA' }).first().click();
    await page.getByRole('heading', { name: 'Components' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: await screenshotPath('tariff.png'), fullPage: true });
    await context.close();
  });

  it('sends a user whose session ended back to sign in', async () => {
    const { context, page } = await harness.newPage('en');
    await signIn(page, 'en');
    await context.clearCookies();
    await page.getByRole('link', { name: 'Bill runs' }).click();
    await page.getByText('Your session has ended').waitFor();
    await context.close();
  });
});

/**
 * Returns where a screenshot goes: docs/screenshots when CIS_UPDATE_SCREENSHOTS=1, else a temporary folder,
 * so that an ordinary test run leaves the committed pictures alone.
 */
async function screenshotPath(name: string): Promise<string> {
  const directory =
    process.env.CIS_UPDATE_SCREENSHOTS === '1' ? screenshotDirectory : path.join(tmpdir(), 'cis-screenshots');
  await mkdir(directory, { recursive: true });
  return path.join(directory, name);
}
