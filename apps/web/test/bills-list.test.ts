import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';
type ListedBill = { id: string; invoiceNumber: string | null; accountNumber: string; billRunId: string };

type Texts = {
  bills: string;
  billRuns: string;
  billsOfRun: string;
  search: string;
  status: string;
  issued: string;
  sortByTotal: string;
  exportCsv: string;
  billTitle: (invoiceNumber: string) => string;
  oneRow: string;
};

const texts: Record<Language, Texts> = {
  en: {
    bills: 'Bills',
    billRuns: 'Bill runs',
    billsOfRun: 'Bills of this run',
    search: 'Invoice or account number',
    status: 'Status',
    issued: 'Issued',
    sortByTotal: 'Sort by Total',
    exportCsv: 'Export CSV',
    billTitle: (invoiceNumber) => `Bill ${invoiceNumber}`,
    oneRow: '1–1 of 1',
  },
  es: {
    bills: 'Facturas',
    billRuns: 'Facturaciones',
    billsOfRun: 'Facturas de esta facturación',
    search: 'Número de factura o de cuenta',
    status: 'Estado',
    issued: 'Emitida',
    sortByTotal: 'Ordenar por Total',
    exportCsv: 'Exportar CSV',
    billTitle: (invoiceNumber) => `Factura ${invoiceNumber}`,
    oneRow: '1–1 de 1',
  },
};

// Tab presses allowed to reach a link: the filters, the table buttons and the sort buttons come first.
const MAX_TAB_PRESSES = 60;

describe('bill list and bill run bills in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function apiGet<T>(pathAndQuery: string): Promise<T> {
    const response = await fetch(`${harness.url}${pathAndQuery}`, {
      headers: { 'x-api-key': harness.demo.apiKey },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  async function firstBill(query: string): Promise<ListedBill & { invoiceNumber: string }> {
    const page = await apiGet<{ items: ListedBill[] }>(`/v1/bills?limit=1&${query}`);
    const bill = page.items[0];
    if (!bill?.invoiceNumber) throw new Error(`The demo has no issued bill for ${query}.`);
    return { ...bill, invoiceNumber: bill.invoiceNumber };
  }

  /** Presses Tab until `target` has the focus, and fails when it is not reached in MAX_TAB_PRESSES. */
  async function tabTo(page: Page, target: Locator) {
    for (let presses = 0; presses < MAX_TAB_PRESSES; presses++) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab did not reach ${target.toString()} in ${MAX_TAB_PRESSES} presses.`);
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`finds, sorts and opens a bill (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('link', { name: text.bills, exact: true }).click();
      await page.getByRole('heading', { name: text.bills, level: 1 }).waitFor();
      const table = page.getByRole('table', { name: text.bills, exact: true });
      await table.getByRole('row').nth(1).waitFor();
      // NOTE: with the pointer still over the active menu entry, axe reports color-contrast on its hover
      // shade, a matter of the theme and not of this screen, so the pointer moves off the menu first.
      await page.mouse.move(900, 20);
      await expectNoSeriousAxeViolations(page);

      // Sorting by total puts the bill with the smallest total first, as the API sorts it.
      const smallest = await firstBill('status=issued&sort=totalMinor:asc');
      await page.getByLabel(text.status, { exact: true }).selectOption('issued');
      await page.getByRole('button', { name: text.sortByTotal }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('totalMinor:asc');
      await expect.poll(() => table.getByRole('link').first().textContent()).toBe(smallest.invoiceNumber);
      expect(await table.getByRole('row').nth(1).textContent()).toContain(text.issued);

      // The search finds one bill by its invoice number typed in lower case.
      const target = await firstBill('status=issued&sort=createdAt:asc');
      await page.getByLabel(text.search).fill(target.invoiceNumber.toLowerCase());
      await page.getByText(text.oneRow).waitFor();
      expect(new URL(page.url()).searchParams.get('f.search')).toBe(target.invoiceNumber.toLowerCase());
      expect(await table.getByRole('row').nth(1).textContent()).toContain(target.accountNumber);

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: text.exportCsv }).click();
      const csv = await readFile(await (await download).path(), 'utf8');
      // The CSV starts with a byte order mark and contains the table's visible columns in their order.
      const [header = '', ...records] = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(header.split(',').slice(0, 2)).toEqual(['invoiceNumber', 'accountNumber']);
      expect(records.map((record) => record.split(',')[0])).toEqual([target.invoiceNumber]);

      // The bill link is reachable from the search box with Tab and opens with Enter.
      const link = table.getByRole('link', { name: target.invoiceNumber, exact: true });
      await page.getByLabel(text.search).focus();
      await tabTo(page, link);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: text.billTitle(target.invoiceNumber) }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/bills/${target.id}`);
      await context.close();
    });

    it(`opens a bill of a bill run (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('link', { name: text.billRuns, exact: true }).click();
      await page.getByRole('table', { name: text.billRuns, exact: true }).getByRole('link').first().click();
      await page.waitForURL(/\/bill-runs\/[0-9a-f-]{36}$/);
      const billRunId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      const first = await firstBill(`billRunId=${billRunId}&sort=accountNumber:asc`);

      const table = page.getByRole('table', { name: text.billsOfRun, exact: true });
      const link = table.getByRole('link', { name: first.invoiceNumber, exact: true });
      await link.waitFor();
      expect(await table.getByRole('link').first().textContent()).toBe(first.invoiceNumber);
      await expectNoSeriousAxeViolations(page);

      // The run's bills are reachable with Tab from the table's own search box and open with Enter.
      await page.getByLabel(text.search).focus();
      await tabTo(page, link);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: text.billTitle(first.invoiceNumber) }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/bills/${first.id}`);
      expect(first.billRunId).toBe(billRunId);
      await context.close();
    });
  }

  it('hides Bills from a cashier', async () => {
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    await page.getByRole('link', { name: 'Payments', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Bills', exact: true }).count()).toBe(0);
    await context.close();
  });
});
