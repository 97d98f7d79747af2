import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../server/src/platform/config/repository-root.js';
import { expectFieldMessage, expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');

/** Labels and messages the tests look for, as the app's catalogs word them. */
const texts = {
  en: {
    urdbJson: 'URDB rate JSON',
    code: 'Code',
    effectiveFrom: 'From',
    importUrdb: 'Import a URDB rate',
    periodStart: 'First day',
    periodEnd: 'Day after the last day',
    rateCheck: 'Rate check',
    touEnergy: (period: number) => `Energy, period ${period} (kWh)`,
    touDemand: (period: number) => `Demand, period ${period} (kW)`,
    demandQuantities: ['61.5 kW', '48.25 kW'],
    notQuantity: '"12x" is not a quantity',
    notDemandQuantity: '"5kW" is not a quantity',
    total: 'Total',
    fixedCharge: '$5.71 per month',
    energyPrice: '/kWh',
    seasonLegend: '0 · October–April (declining blocks)',
    overlap: 'versions of one tariff must not overlap',
    incompleteDate: 'From is not a whole, existing date.',
    components: 'Components',
    customers: 'Customers',
    customerSearch: 'Name contains',
    showLocale: 'Show Language',
    moveCreatedUp: 'Move Created up',
    columns: 'Columns',
    exportCsv: 'Export CSV',
    sortedByCreated: 'Sorted by Created (a hidden column), descending.',
    pastLastPage: 'Page 999 is past the last page',
    goToLastPage: /^Go to page \d+$/,
    errorTitle: 'Something went wrong',
  },
  es: {
    urdbJson: 'JSON de la tarifa de URDB',
    code: 'Código',
    effectiveFrom: 'Desde',
    importUrdb: 'Importar una tarifa de URDB',
    periodStart: 'Primer día',
    periodEnd: 'Día siguiente al último',
    rateCheck: 'Simulación de factura',
    touEnergy: (period: number) => `Energía, periodo ${period} (kWh)`,
    touDemand: (period: number) => `Potencia, periodo ${period} (kW)`,
    demandQuantities: ['61,5 kW', '48,25 kW'],
    notQuantity: '«12x»',
    notDemandQuantity: '«5kW»',
    total: 'Total',
    fixedCharge: '5,71 US$ al mes',
    energyPrice: '/kWh',
    seasonLegend: '0 · October–April (declining blocks)',
    overlap: 'las versiones de una tarifa no pueden solaparse',
    incompleteDate: '«Desde» no es una fecha completa y existente.',
    components: 'Componentes',
    customers: 'Clientes',
    customerSearch: 'El nombre contiene',
    showLocale: 'Mostrar Idioma',
    moveCreatedUp: 'Subir Alta',
    columns: 'Columnas',
    exportCsv: 'Exportar CSV',
    sortedByCreated: 'Ordenado por Creada (una columna oculta), de mayor a menor.',
    pastLastPage: 'La página 999 está después de la última',
    goToLastPage: /^Ir a la página \d+$/,
    errorTitle: 'Algo ha fallado',
  },
} satisfies Record<Language, Record<string, unknown>>;

/** Matches a form control by the start of its label, which may end in Mantine's required mark. */
function labelled(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** Types the parts of a date into a date field in the order the browser's locale shows them. */
async function typeDateParts(
  page: Page,
  field: Locator,
  parts: { year: string; month: string; day: string },
) {
  await field.click();
  for (let part = 0; part < 3; part++) await page.keyboard.press('ArrowLeft');
  const order = await page.evaluate(() =>
    new Intl.DateTimeFormat(navigator.language)
      .formatToParts(new Date(2000, 10, 22))
      .map((part) => part.type)
      .filter((type) => type === 'year' || type === 'month' || type === 'day'),
  );
  for (const type of order) await page.keyboard.type(parts[type]);
}

describe('tariffs and tables in Chromium', () => {
  let harness: BrowserHarness;
  let xcelDocument: string;
  /** Georgia Power TOU-GSD-10: 3 TOU energy periods, and 2 TOU demand periods from June to September. */
  let georgiaDocument: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    xcelDocument = await readFile(path.join(urdbFolder, 'xcel-colorado-residential-re-tou.json'), 'utf8');
    georgiaDocument = await readFile(path.join(urdbFolder, 'georgia-power-tou-gsd-10.json'), 'utf8');
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function importUrdb(page: Page, language: Language, document: string, code: string) {
    const text = texts[language];
    await page.goto('/tariffs');
    await page.getByLabel(labelled(text.urdbJson)).fill(document);
    await page.getByLabel(labelled(text.code)).fill(code);
    await page.getByRole('button', { name: text.importUrdb }).click();
  }

  async function importXcel(page: Page, language: Language, code: string) {
    await importUrdb(page, language, xcelDocument, code);
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`prices a TOU tariff per period (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await importXcel(page, language, `xcel-tou-${language}`);
      await page.waitForURL(/\/tariffs\/[0-9a-f-]{36}$/);

      const components = page.locator('table').filter({ hasText: text.fixedCharge });
      await components.waitFor();
      expect(await components.innerText()).not.toContain('{"');
      expect(await components.innerText()).toContain(text.energyPrice);

      await page.getByLabel(labelled(text.periodStart)).fill('2026-07-01');
      await page.getByLabel(labelled(text.periodEnd)).fill('2026-08-01');
      const touFields = page.getByLabel(/^(Energy|Energía), (period|periodo) \d+ \(kWh\)$/);
      const periodCount = await touFields.count();
      expect(periodCount).toBeGreaterThan(1);
      const firstPeriod = page.getByLabel(labelled(text.touEnergy(0)));
      await firstPeriod.fill('12x');
      await page.getByRole('button', { name: text.rateCheck }).click();
      await expectFieldMessage(page, firstPeriod, text.notQuantity);
      await expectNoSeriousAxeViolations(page);

      for (let index = 0; index < periodCount; index++) await touFields.nth(index).fill('200');
      await page.getByRole('button', { name: text.rateCheck }).click();
      const result = page.getByTestId('rate-check-result');
      await result.waitFor();
      expect(await result.innerText()).toContain(text.total);
      expect(await firstPeriod.getAttribute('aria-invalid')).toBeNull();
      await context.close();
    });

    it(`prices TOU demand per period (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await importUrdb(page, language, georgiaDocument, `georgia-demand-${language}`);
      await page.waitForURL(/\/tariffs\/[0-9a-f-]{36}$/);
      const tariffId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

      await page.getByLabel(labelled(text.periodStart)).fill('2026-07-01');
      await page.getByLabel(labelled(text.periodEnd)).fill('2026-08-01');
      const demandFields = page.getByLabel(/^(Demand|Potencia), (period|periodo) \d+ \(kW\)$/);
      expect(await demandFields.count()).toBe(2);
      const offPeakDemand = page.getByLabel(labelled(text.touDemand(0)));
      const onPeakDemand = page.getByLabel(labelled(text.touDemand(1)));
      for (const period of [0, 1, 2]) await page.getByLabel(labelled(text.touEnergy(period))).fill('1000');
      await offPeakDemand.fill('5kW');
      await page.getByRole('button', { name: text.rateCheck }).click();
      await expectFieldMessage(page, offPeakDemand, text.notDemandQuantity);
      await expectNoSeriousAxeViolations(page);

      await offPeakDemand.fill('61.5');
      await onPeakDemand.fill('48.25');
      const request = page.waitForRequest(`**/v1/tariffs/${tariffId}/rate-check`);
      const response = page.waitForResponse(`**/v1/tariffs/${tariffId}/rate-check`);
      await page.getByRole('button', { name: text.rateCheck }).click();
      const body = (await request).postDataJSON() as { usage: { registers: unknown[] } };
      expect(body.usage.registers).toContainEqual({
        measure: 'demand',
        quantity: '61.5',
        schedule: 'demand',
        period: 0,
      });
      expect(body.usage.registers).toContainEqual({
        measure: 'demand',
        quantity: '48.25',
        schedule: 'demand',
        period: 1,
      });
      expect((await response).status()).toBe(200);
      const result = (await (await response).json()) as {
        segments: { lines: { chargeType: string; quantity: string | null }[] }[];
      };
      const demandLines = result.segments
        .flatMap((segment) => segment.lines)
        .filter((line) => line.chargeType === 'demand-tou');
      expect(demandLines.map((line) => line.quantity).sort()).toEqual(['48.25', '61.5']);

      const resultTable = page.getByTestId('rate-check-result');
      await resultTable.waitFor();
      for (const quantity of text.demandQuantities) expect(await resultTable.innerText()).toContain(quantity);
      expect(await offPeakDemand.getAttribute('aria-invalid')).toBeNull();
      await context.close();
    });

    it(`names the TOU periods in the legend (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/tariffs/${harness.demo.tariffId}`);
      await page.getByText(text.seasonLegend, { exact: true }).first().waitFor();
      await context.close();
    });

    it(`fits a tariff in a 375 px window (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.setViewportSize({ width: 375, height: 800 });
      await importXcel(page, language, `xcel-narrow-${language}`);
      await page.waitForURL(/\/tariffs\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: text.components }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      await context.close();
    });

    it(`explains a repeated import and a bad date (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await importXcel(page, language, `xcel-again-${language}`);
      await page.waitForURL(/\/tariffs\/[0-9a-f-]{36}$/);

      await importXcel(page, language, `xcel-again-${language}`);
      const effectiveFrom = page.getByLabel(labelled(text.effectiveFrom));
      await expectFieldMessage(page, effectiveFrom, text.overlap);

      await typeDateParts(page, effectiveFrom, { year: '2026', month: '02', day: '30' });
      await page.getByRole('button', { name: text.importUrdb }).click();
      await expectFieldMessage(page, effectiveFrom, text.incompleteDate);
      expect(page.url()).toMatch(/\/tariffs$/);
      await context.close();
    });

    it(`exports the visible columns in order (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.getByRole('button', { name: text.columns }).click();
      await page.getByRole('button', { name: text.moveCreatedUp }).click();
      await page.getByRole('checkbox', { name: text.showLocale }).click();
      await page.keyboard.press('Escape');
      await expect.poll(() => new URL(page.url()).searchParams.get('hide')).toBe('locale');

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: text.exportCsv }).click();
      const csv = await readFile(await (await download).path(), 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const [header = '', ...records] = csv.slice(1).trim().split('\r\n');
      expect(header).toBe('displayName,kind,createdAt');
      expect(records.length).toBeGreaterThan(10);
      await context.close();
    });

    it(`restores filter text on Back (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      const search = page.getByLabel(text.customerSearch);
      await search.fill('zzz');
      await expect.poll(() => new URL(page.url()).searchParams.get('f.search')).toBe('zzz');
      await page.goBack();
      await expect.poll(() => new URL(page.url()).searchParams.get('f.search')).toBeNull();
      await expect.poll(() => search.inputValue()).toBe('');
      await page.goForward();
      await expect.poll(() => search.inputValue()).toBe('zzz');
      await context.close();
    });

    it(`names the hidden sort column (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto('/bills');
      await page.getByText(text.sortedByCreated).waitFor();
      await context.close();
    });

    it(`links a page past the end to the last (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto('/customers?page=999');
      await page.getByText(text.pastLastPage).waitFor();
      expect(
        await page
          .getByText(/–/)
          .filter({ hasText: /^\d+–\d+ / })
          .count(),
      ).toBe(0);
      await page.getByRole('button', { name: text.goToLastPage }).click();
      await page.getByRole('cell').first().waitFor();
      const last = Number(new URL(page.url()).searchParams.get('page'));
      expect(last).toBeGreaterThan(0);
      expect(last).toBeLessThan(999);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    });

    it(`shows a list error once (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      for (const query of ['size=1000', 'f.kind=bogus']) {
        await page.goto(`/customers?${query}`);
        const alert = page.getByRole('alert').filter({ hasText: text.errorTitle });
        await alert.waitFor();
        const lines = (await alert.innerText())
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '');
        const repeated = lines.filter((line, index) =>
          lines.some(
            (other, otherIndex) => otherIndex !== index && other.includes(line.split(': ').at(-1) ?? line),
          ),
        );
        expect(repeated, lines.join('\n')).toEqual([]);
      }
      await context.close();
    });
  }
});
