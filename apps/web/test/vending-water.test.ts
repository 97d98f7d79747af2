import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, signInAsDemoAgent, signInAsDemoCustomer } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';
import { formatUsd, locales, plain, type Language } from './demo-formats.js';

const texts = {
  en: {
    meterNumber: 'Meter number',
    amount: /^Amount/,
    amountOf: (value: string) => value,
    quote: 'Quote',
    sell: (amount: string) => `Sell ${amount}`,
    water: 'Water',
    block: (number: number) => `Water, block ${number} (`,
    freeWater: 'Free basic water of the month',
    heading: 'Prepaid water receipt',
    unitsCost: 'Water',
    meters: ['Electricity meter', 'Water meter'],
  },
  es: {
    meterNumber: 'Número de contador',
    amount: /^Importe/,
    amountOf: (value: string) => value.replace('.', ','),
    quote: 'Presupuestar',
    sell: (amount: string) => `Vender ${amount}`,
    water: 'Agua',
    block: (number: number) => `Agua, tramo ${number} (`,
    freeWater: 'Agua básica gratuita del mes',
    heading: 'Recibo de agua prepago',
    unitsCost: 'Agua',
    meters: ['Contador de electricidad', 'Contador de agua'],
  },
} as const;

type VendJson = {
  id: string;
  service: string;
  unit: string;
  units: string;
  freeUnits: string;
  lines: { kind: string; block: { number: number } | null }[];
  tokens: { tokenType: string; tokenGroups: string }[];
};

/** Formats a decimal quantity of cubic metres as the app shows it. */
function formatCubicMetres(units: string, language: Language): string {
  const number = new Intl.NumberFormat(locales[language], { maximumFractionDigits: 6 }).format(
    units as Intl.StringNumericLiteral,
  );
  return `${number} m³`;
}

describe('prepaid water in Chromium', () => {
  let harness: BrowserHarness;
  const sold: Partial<Record<Language, VendJson>> = {};

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${harness.url}${path}`, { headers: { 'x-api-key': harness.demo.apiKey } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} returned ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`agent sells water in m³ (${language})`, async () => {
      const pan = harness.demo.prepaid.water.meter.pan;
      const { context, page } = await harness.newPage(language);
      await signInAsDemoAgent(harness, page, language);

      await page.getByLabel(text.meterNumber).fill(pan);
      await page.getByLabel(text.amount).fill(text.amountOf('10.00'));
      await page.getByRole('button', { name: text.quote, exact: true }).click();
      const quoteCard = page.getByTestId('vend-quote');
      await quoteCard.waitFor();
      expect(await quoteCard.getByTestId('quote-service').innerText()).toBe(text.water);
      const quoteRows = await quoteCard.locator('tr[data-kind="energy"]').allInnerTexts();
      // The English test sells first, so the Spanish one continues the month in block 2.
      expect(quoteRows[0]).toContain(text.block(language === 'en' ? 1 : 2));
      expect(quoteRows[0]).toContain('m³');
      await expectNoSeriousAxeViolations(page);

      await page.getByRole('button', { name: text.sell(formatUsd(1000n, language)) }).click();
      await page.waitForURL(/\/vending\/vends\/[0-9a-f-]{36}$/);
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      const vendId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      const vend = await api<VendJson>(`/v1/prepaid/vends/${vendId}`);
      sold[language] = vend;
      expect(vend).toMatchObject({ service: 'water', unit: 'm3' });
      expect(vend.tokens.map((token) => token.tokenType)).toContain('TransferWaterCredit');

      expect(await receipt.getByTestId('receipt-heading').innerText()).toBe(text.heading);
      expect(plain(await receipt.getByTestId('receipt-units').innerText())).toBe(
        plain(formatCubicMetres(vend.units, language)),
      );
      const blocks = vend.lines.flatMap((line) => (line.kind === 'energy' ? [line.block!.number] : []));
      const rows = await receipt.locator('tr[data-kind="energy"]').allInnerTexts();
      expect(rows.map((row, index) => row.startsWith(text.block(blocks[index]!)))).toEqual(
        blocks.map(() => true),
      );
      expect(await receipt.getByRole('rowheader', { name: text.unitsCost, exact: true }).count()).toBe(1);
      // The first water sale of the month brings the household's free basic water, as its own token.
      const freeRows = receipt.locator('tr[data-kind="free-units"]');
      if (language === 'en') {
        expect(vend.freeUnits).toBe('6.0');
        expect(await freeRows.innerText()).toContain(text.freeWater);
        expect(plain(await freeRows.innerText())).toContain(plain(formatCubicMetres('6', language)));
      } else {
        expect(await freeRows.count()).toBe(0);
      }
      expect(await receipt.getByTestId('token-digits').allInnerTexts()).toEqual(
        vend.tokens.map((token) => token.tokenGroups),
      );
      await expectNoSeriousAxeViolations(page);

      // Past sales names the service of each sale, since water and gas both count in m³.
      await page.goto(`/vending/vends?pan=${pan}`);
      await page.getByTestId('vend-service').first().waitFor();
      expect(await page.getByTestId('vend-pan').allInnerTexts()).toContain(pan);
      expect(await page.getByTestId('vend-service').allInnerTexts()).toContain(text.water);
      expect(plain(await page.getByTestId('vend-units').first().innerText())).toMatch(/ m³$/);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    });
  }

  it('customer sees water meter and top-up', async () => {
    for (const language of ['en', 'es'] as const) {
      const text = texts[language];
      const vend = sold[language];
      if (!vend) throw new Error(`The ${language} sale of the test before is missing.`);
      const { context, page } = await harness.newPage(language);
      await signInAsDemoCustomer(harness, page, language);

      const meters = page.getByTestId('prepaid-meter');
      await meters.first().waitFor();
      expect(await page.getByTestId('prepaid-meter-service').allInnerTexts()).toEqual(text.meters);
      expect(await page.getByTestId('prepaid-meter-pan').allInnerTexts()).toEqual([
        harness.demo.selfServiceCustomer.pan,
        harness.demo.prepaid.water.meter.pan,
      ]);

      const topUp = page.locator(`[data-testid="top-up"][data-vend-id="${vend.id}"]`);
      await topUp.waitFor();
      expect(await topUp.getByTestId('top-up-service').innerText()).toBe(text.water);
      expect(plain(await topUp.getByTestId('top-up-units').innerText())).toBe(
        plain(formatCubicMetres(vend.units, language)),
      );
      // On paper the top-up is headed as a water receipt.
      expect(await topUp.locator('.print-only').textContent()).toContain(text.heading);
      const firstBlock = vend.lines.find((line) => line.kind === 'energy')!.block!.number;
      expect(await topUp.locator('tr[data-kind="energy"]').first().innerText()).toContain(
        text.block(firstBlock),
      );
      await expectNoSeriousAxeViolations(page);
      await context.close();
    }
  });
});
