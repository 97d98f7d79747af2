import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount } from '../../server/test/support/factories/company.js';
import { formatAddressLine, type PostalAddress } from '../src/format/address.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';

type Language = 'en' | 'es';

type BillBody = {
  id: string;
  accountId: string;
  accountNumber: string;
  invoiceNumber: string;
  periodStart: string;
  periodEnd: string;
  segments: { agreementId: string }[];
  lines: { unit: string | null }[];
};
type AccountBody = {
  customerName: string;
  agreements: { id: string; servicePoint: { premise: PostalAddress } | null }[];
};

const texts = {
  en: {
    bills: 'Bills',
    billRuns: 'Bill runs',
    payments: 'Payments',
    back: 'Back',
    print: 'Print',
    showTrace: 'Show the calculation of line 2',
    startRun: 'Start a bill run',
    cutOff: 'Cut-off date',
    completed: 'Completed',
    issuedBy: 'Issued by',
    traceLabels: ['Tariff component', 'Period priced', 'Tier', 'Meter reads', 'Calculation'],
    perKwh: /\$0\.0896 per kWh/,
    readDate: /Nov 1, 2026: [\d,]+ kWh, actual read/,
    printNote: /leaves out how each line was calculated/,
    nothingDue: (count: number) => `${count} accounts had nothing to bill up to this date`,
    existing: 'A bill run for this cut-off exists already, so it was opened instead of starting a new one.',
    noMeter: 'No meter is installed at the service point during the period.',
    servicePoint: 'service point BS-NO-METER',
    columns: 'Columns',
    exportCsv: 'Export CSV',
    showProgress: 'Show Progress',
    moveCreatedUp: 'Move Created up',
    showKind: 'Show Kind',
    showDueDate: 'Show Due date',
  },
  es: {
    bills: 'Facturas',
    billRuns: 'Facturaciones',
    payments: 'Cobros',
    back: 'Volver',
    print: 'Imprimir',
    showTrace: 'Ver el cálculo de la línea 2',
    startRun: 'Lanzar una facturación',
    cutOff: 'Fecha de corte',
    completed: 'Terminada',
    issuedBy: 'Emitida por',
    traceLabels: [
      'Componente de la tarifa',
      'Periodo facturado',
      'Tramo',
      'Lecturas del contador',
      'Cálculo',
    ],
    perKwh: /0,0896\s(US\$|\$) por kWh/,
    readDate: /1 nov 2026: [\d.]+ kWh, lectura real/,
    printNote: /no incluye cómo se calculó cada línea/,
    nothingDue: (count: number) => `${count} cuentas no tenían nada que facturar hasta esta fecha`,
    existing:
      'Ya existe una facturación con esta fecha de corte, así que se ha abierto en lugar de lanzar otra.',
    noMeter: 'No hay ningún contador instalado en el punto de suministro durante el periodo.',
    servicePoint: 'punto de suministro BS-NO-METER',
    columns: 'Columnas',
    exportCsv: 'Exportar CSV',
    showProgress: 'Mostrar Progreso',
    moveCreatedUp: 'Subir Alta',
    showKind: 'Mostrar Tipo',
    showDueDate: 'Mostrar Vencimiento',
  },
} as const;

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('bill and bill run screens in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    await insertAccountWithoutMeter();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function apiRequest<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
    const response = await fetch(`${harness.url}${pathAndQuery}`, {
      method,
      headers: {
        'x-api-key': harness.demo.apiKey,
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${pathAndQuery}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  // An account whose agreement has no meter: every bill run after the demo's reports it as NO_METER.
  async function insertAccountWithoutMeter(): Promise<void> {
    const { db } = harness.server.handle;
    const company = {
      companyId: harness.demo.companyId,
      code: harness.demo.companyCode,
      billCycleId: harness.demo.billCycleId,
    };
    const { accountId } = await insertAccount(db, company);
    const premise = await db
      .insertInto('premises.premise')
      .values({
        company_id: company.companyId,
        address_line1: '1 Main Street',
        city: 'Winder',
        country: 'US',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const servicePoint = await db
      .insertInto('premises.service_point')
      .values({
        company_id: company.companyId,
        premise_id: premise.id,
        service: 'electricity',
        market_id: 'BS-NO-METER',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('agreements.service_agreement')
      .values({
        company_id: company.companyId,
        account_id: accountId,
        service_point_id: servicePoint.id,
        tariff_id: harness.demo.tariffId,
        start_on: '2026-11-01',
      })
      .execute();
  }

  async function openFirstBillFromList(page: Page, language: Language): Promise<BillBody> {
    await page.getByRole('link', { name: texts[language].bills, exact: true }).click();
    await page
      .getByRole('table', { name: texts[language].bills })
      .getByRole('link', { name: /^INV-/ })
      .first()
      .click();
    await page.waitForURL(/\/bills\/[0-9a-f-]+$/);
    const billId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByTestId('bill-header').waitFor();
    return apiRequest<BillBody>('GET', `/v1/bills/${billId}`);
  }

  /** Fetches the CSV that the table's export link points to, with the page's session, as header and records. */
  async function fetchExport(page: Page, language: Language): Promise<{ header: string; records: string[] }> {
    const href = await page.getByRole('link', { name: texts[language].exportCsv }).getAttribute('href');
    const csvUrl = new URL(href ?? '', harness.url).toString();
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), csvUrl);
    const [header = '', ...records] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    return { header, records };
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`bill names its customer and period (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      const bill = await openFirstBillFromList(page, language);
      const account = await apiRequest<AccountBody>('GET', `/v1/accounts/${bill.accountId}`);
      const billed = new Set(bill.segments.map((segment) => segment.agreementId));
      const address = account.agreements.find((agreement) => billed.has(agreement.id))?.servicePoint?.premise;
      const header = page.getByTestId('bill-header');

      await expect.poll(() => header.innerText()).toContain(account.customerName);
      const headerText = await header.innerText();
      expect(headerText).toContain(bill.accountNumber);
      expect(headerText).toContain(bill.invoiceNumber);
      expect(headerText).toContain(text.issuedBy);
      expect(address).toBeDefined();
      expect(headerText).toContain(formatAddressLine(address as PostalAddress));
      expect(bill.periodEnd).toBe('2026-12-01');
      const period = await page.getByTestId('bill-period').innerText();
      expect(period).toMatch(/30/);
      expect(period).not.toMatch(language === 'en' ? /Dec/ : /dic/);
      await expect.poll(() => page.getByRole('table').first().innerText()).toMatch(text.perKwh);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    }, 90_000);

    it(`trace shows labels and reads (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await openFirstBillFromList(page, language);
      await page.getByRole('button', { name: text.showTrace }).click();
      const trace = page.getByTestId('line-trace').nth(1);
      await trace.waitFor();

      const traceText = await trace.innerText();
      for (const label of text.traceLabels) expect(traceText).toContain(label);
      expect(traceText).not.toMatch(uuidPattern);
      expect(traceText).not.toContain('tariffVersionId');
      expect(traceText).not.toContain('unroundedAmount');
      expect(traceText).toMatch(text.readDate);
      expect(traceText).toMatch(text.perKwh);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    }, 90_000);

    it(`bill prints without traces or navigation (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await openFirstBillFromList(page, language);
      await page.getByRole('button', { name: text.showTrace }).click();
      await page.getByTestId('line-trace').nth(1).waitFor();

      await page.emulateMedia({ media: 'print' });

      expect(await page.getByTestId('bill-header').isVisible()).toBe(true);
      expect(await page.getByTestId('line-trace').nth(1).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: text.print }).isVisible()).toBe(false);
      expect(await page.getByRole('navigation').first().isVisible()).toBe(false);
      expect(await page.getByText(text.printNote).isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      expect(await page.getByText(text.printNote).isVisible()).toBe(false);
      await context.close();
    }, 90_000);

    it(`back returns to the bills list (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      const bill = await openFirstBillFromList(page, language);

      await page.getByRole('link', { name: text.back, exact: true }).click();
      await page.waitForURL(/\/bills$/);
      await page.goto(`/bills/${bill.id}`);
      await page.getByRole('link', { name: text.back, exact: true }).click();
      await page.waitForURL(new RegExp(`/accounts/${bill.accountId}$`));
      await context.close();
    }, 90_000);

    it(`back returns to the payments list (${language})`, async () => {
      const bills = await apiRequest<{ items: BillBody[] }>('GET', '/v1/bills?limit=1');
      const accountId = bills.items[0]?.accountId ?? '';
      await apiRequest('POST', '/v1/payments', {
        accountId,
        amountMinor: '1250',
        currency: 'USD',
        method: 'transfer',
      });
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('link', { name: text.payments, exact: true }).click();
      // The customers table stays on screen until the payments screen has loaded.
      await page.getByRole('heading', { name: text.payments, level: 1 }).waitFor();
      await page.getByRole('table').first().getByRole('link').first().click();
      await page.waitForURL(/\/payments\/[0-9a-f-]+$/);

      await page.getByRole('link', { name: text.back, exact: true }).click();

      await page.waitForURL(/\/payments$/);
      await context.close();
    }, 90_000);

    it(`bill runs export the visible columns (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('link', { name: text.billRuns, exact: true }).click();
      await page.getByRole('heading', { name: text.billRuns, level: 1 }).waitFor();
      await page.getByRole('button', { name: text.columns }).click();
      await page.getByRole('checkbox', { name: text.showProgress }).click();
      await page.getByRole('button', { name: text.moveCreatedUp }).click();
      await page.keyboard.press('Escape');
      await expect.poll(() => new URL(page.url()).searchParams.get('hide')).toBe('progress');

      // The link follows the URL after React renders, so it is read until it shows the new columns.
      const header = 'cutOffOn,status,billsCreated,createdAt,exceptionsCount';
      await expect.poll(async () => (await fetchExport(page, language)).header).toBe(header);
      const { records } = await fetchExport(page, language);
      expect(records.length).toBeGreaterThan(0);
      await context.close();
    }, 90_000);

    it(`account bills export the visible columns (${language})`, async () => {
      const bills = await apiRequest<{ items: BillBody[] }>('GET', '/v1/bills?limit=1&kind=invoice');
      const accountId = bills.items[0]?.accountId ?? '';
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/accounts/${accountId}`);
      await page
        .getByRole('table', { name: text.bills })
        .getByRole('link', { name: /^INV-/ })
        .first()
        .waitFor();
      // The account page is long, and its columns menu opens near the bottom: in a 900-pixel window a click
      // at a checkbox could land on the table under it while the page scrolled.
      await page.setViewportSize({ width: 1280, height: 2400 });
      await page.getByRole('button', { name: text.columns }).click();
      await page.getByRole('checkbox', { name: text.showKind }).click();
      await page.getByRole('checkbox', { name: text.showDueDate }).click();
      await page.keyboard.press('Escape');
      await expect.poll(() => new URL(page.url()).searchParams.get('hide')).toBe('kind');

      const header = 'invoiceNumber,status,periodStart,periodEnd,issueDate,dueDate,total,currency';
      await expect.poll(async () => (await fetchExport(page, language)).header).toBe(header);
      const { records } = await fetchExport(page, language);
      expect(records.length).toBeGreaterThan(0);
      expect(records[0]).toMatch(/^INV-/);
      await context.close();
    }, 90_000);

    it(`bill run explains empty and existing runs (${language})`, async () => {
      // After the demo's run to 2026-12-01 the demo accounts have nothing due, and the account without a
      // meter is an exception. Each language starts its own cut-off.
      const cutOff = language === 'en' ? '2026-12-02' : '2026-12-03';
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('link', { name: text.billRuns, exact: true }).click();
      await page.getByLabel(new RegExp(`^${text.cutOff}`)).fill(cutOff);
      await page.getByRole('button', { name: text.startRun }).click();
      await page.getByTestId('bill-run-status').filter({ hasText: text.completed }).waitFor();

      const runId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const run = await apiRequest<{ accountsNothingDue: number; accountsTotal: number }>(
        'GET',
        `/v1/bill-runs/${runId}`,
      );
      // Every account but the one without a meter had nothing due.
      expect(run.accountsNothingDue).toBe(run.accountsTotal - 1);
      await expect
        .poll(() => page.getByTestId('nothing-due').innerText())
        .toContain(text.nothingDue(run.accountsNothingDue));
      const exception = page.getByTestId('bill-run-exception').first();
      await exception.waitFor();
      const exceptionText = await exception.innerText();
      expect(exceptionText).toContain(text.noMeter);
      expect(exceptionText).toContain(text.servicePoint);
      expect(exceptionText).not.toContain('NO_METER');
      expect(exceptionText).not.toMatch(uuidPattern);
      expect(await page.getByText(text.existing).count()).toBe(0);
      await expectNoSeriousAxeViolations(page);

      await page.getByRole('link', { name: text.billRuns, exact: true }).click();
      await page.getByLabel(new RegExp(`^${text.cutOff}`)).fill(cutOff);
      await page.getByRole('button', { name: text.startRun }).click();
      await page.getByText(text.existing).waitFor();
      await context.close();
    }, 90_000);
  }
});
