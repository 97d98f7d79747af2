import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVendingAgent } from '../../server/src/modules/demo/index.js';
import { todayIn } from '../src/format/today.js';
import {
  expectFieldMessage,
  expectNoSeriousAxeViolations,
  signInAsDemoAgent,
  signInAsDemoUser,
} from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';
import { formatKwh, formatUsd, plain, type Language } from './demo-formats.js';

const texts = {
  en: {
    sellNav: 'Sell prepaid',
    vendsNav: 'Past sales',
    salesNav: 'Sales and float',
    sellTitle: 'Sell prepaid units',
    salesTitle: 'Sales and float',
    meterNumber: 'Meter number',
    amount: /^Amount/,
    amountOf: (value: string) => value,
    quote: 'Quote',
    sell: (amount: string) => `Sell ${amount}`,
    receipt: 'Receipt',
    reprint: 'Reprint a copy',
    copyMark: 'COPY · reprint 1',
    confirm: 'The customer has the token',
    released: 'Released',
    reversed: 'Reversed',
    reverse: 'Reverse this sale',
    reason: 'Reason',
    floatExhausted: "The agent's float does not cover this sale",
    meterNotFound: 'No prepaid meter has this number',
    noSales: 'No sales on this day.',
    search: 'Search',
  },
  es: {
    sellNav: 'Venta prepago',
    vendsNav: 'Ventas anteriores',
    salesNav: 'Ventas y saldo',
    sellTitle: 'Vender unidades prepago',
    salesTitle: 'Ventas y saldo',
    meterNumber: 'Número de contador',
    amount: /^Importe/,
    amountOf: (value: string) => value.replace('.', ','),
    quote: 'Presupuestar',
    sell: (amount: string) => `Vender ${amount}`,
    receipt: 'Recibo',
    reprint: 'Reimprimir una copia',
    copyMark: 'COPIA · reimpresión 1',
    confirm: 'El cliente tiene el código',
    released: 'Entregada',
    reversed: 'Anulada',
    reverse: 'Anular esta venta',
    reason: 'Motivo',
    floatExhausted: 'El fondo del agente no cubre esta venta',
    meterNotFound: 'Ningún contador prepago tiene este número',
    noSales: 'No hay ventas este día.',
    search: 'Buscar',
  },
} as const;

type AgentJson = { id: string; floatBalanceMinor: string };
type VendJson = {
  id: string;
  tenderedMinor: string;
  commissionMinor: string;
  units: string;
  status: string;
  reprintCount: number;
  tokens: { token: string; tokenGroups: string }[];
};
type ReconciliationJson = {
  closingFloatMinor: string;
  cashiers: { actorId: string; vendCount: number; tenderedMinor: string }[];
};

describe('vending website in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });

  /** Reads the API with the demo key, which has every permission. */
  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${harness.url}${path}`, { headers: { 'x-api-key': harness.demo.apiKey } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} returned ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async function floatOfAgent(): Promise<bigint> {
    const agent = await api<AgentJson>(`/v1/prepaid/agents/${harness.demo.vendingAgent.id}`);
    return BigInt(agent.floatBalanceMinor);
  }

  function sellForm(page: Page, language: Language) {
    const text = texts[language];
    return {
      meter: page.getByLabel(text.meterNumber),
      amount: page.getByLabel(text.amount),
      quote: page.getByRole('button', { name: text.quote, exact: true }),
    };
  }

  /** Quotes `amount` (a decimal with a point) for the meter on the sell screen and waits for the quote. */
  async function quote(page: Page, language: Language, pan: string, amount: string) {
    const form = sellForm(page, language);
    await form.meter.fill(pan);
    await form.amount.fill(texts[language].amountOf(amount));
    await form.quote.click();
    await page.getByTestId('vend-quote').waitFor();
  }

  /** Returns the id of the vend whose receipt the page shows. */
  async function openedVendId(page: Page): Promise<string> {
    await page.waitForURL(/\/vending\/vends\/[0-9a-f-]{36}$/);
    await page.getByTestId('receipt').waitFor();
    return new URL(page.url()).pathname.split('/').at(-1) ?? '';
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];
    // Each language sells to its own meter; the first demo household also gets its free basic units.
    const meterIndex = language === 'en' ? 0 : 1;

    it(`agent sells, reprints and reconciles (${language})`, async () => {
      const pan = harness.demo.prepaid.meters[meterIndex]!.pan;
      const floatBefore = await floatOfAgent();
      const { context, page } = await harness.newPage(language);
      await signInAsDemoAgent(harness, page, language);

      // An agent's login gets the vending screens only, and no search.
      expect(new URL(page.url()).pathname).toBe('/vending/sell');
      const navLinks = page.getByRole('navigation').getByRole('link');
      expect(await navLinks.allInnerTexts()).toEqual([text.sellNav, text.vendsNav, text.salesNav]);
      expect(await page.getByRole('button', { name: new RegExp(`^${text.search}`) }).count()).toBe(0);
      expect(plain(await page.getByTestId('float-balance').innerText())).toBe(
        formatUsd(floatBefore, language),
      );

      await quote(page, language, pan, '20.00');
      expect(await page.getByTestId('quote-pan').innerText()).toBe(pan);
      const quoteCard = page.getByTestId('vend-quote');
      expect(await quoteCard.locator('tr[data-kind="fixed-charge"]').count()).toBe(1);
      expect(await quoteCard.locator('tr[data-kind="tax"]').count()).toBe(1);
      expect(await quoteCard.locator('tr[data-kind="energy"]').count()).toBeGreaterThan(0);
      const quoteUrl = new URL(page.url());
      expect(quoteUrl.searchParams.get('meter')).toBe(pan);
      await expectNoSeriousAxeViolations(page);

      await page.getByRole('button', { name: text.sell(formatUsd(2000n, language)) }).click();
      const vendId = await openedVendId(page);
      const vend = await api<VendJson>(`/v1/prepaid/vends/${vendId}`);
      expect(vend.tenderedMinor).toBe('2000');
      // The demo agent earns 2.5% of the amount paid.
      expect(vend.commissionMinor).toBe('50');

      // Every token shows in five groups of four digits, as the customer types it.
      const tokenTexts = await page.getByTestId('token-digits').allInnerTexts();
      expect(tokenTexts).toEqual(vend.tokens.map((token) => token.tokenGroups));
      for (const token of tokenTexts) expect(token).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
      expect(tokenTexts).toHaveLength(language === 'en' ? 2 : 1);
      const receipt = page.getByTestId('receipt');
      expect(await receipt.getByTestId('receipt-seller').innerText()).toBe(
        `${demoVendingAgent.name} · ${demoVendingAgent.outlet.name}`,
      );
      expect(await receipt.locator('tr[data-kind="fixed-charge"]').count()).toBe(1);
      expect(await receipt.locator('tr[data-kind="tax"]').count()).toBe(1);
      expect(await receipt.locator('tr[data-kind="energy"]').count()).toBeGreaterThan(0);
      expect(plain(await receipt.getByTestId('receipt-units').innerText())).toBe(
        plain(formatKwh(vend.units, language)),
      );
      expect(plain(await page.getByTestId('vend-commission').innerText())).toBe(formatUsd(50n, language));
      await expectNoSeriousAxeViolations(page);

      // The float went down by the amount paid less the commission.
      const floatAfter = floatBefore - 2000n + 50n;
      expect(await floatOfAgent()).toBe(floatAfter);

      await page.getByRole('button', { name: text.reprint }).click();
      await page.getByTestId('receipt-copy-mark').waitFor();
      expect(await page.getByTestId('receipt-copy-mark').innerText()).toBe(text.copyMark);
      expect(await page.getByTestId('reprint-count').innerText()).toBe('1');
      expect(await page.getByTestId('token-digits').allInnerTexts()).toEqual(tokenTexts);
      await expectNoSeriousAxeViolations(page);

      await page.getByRole('button', { name: text.confirm }).click();
      await expect.poll(() => page.getByTestId('vend-status').textContent()).toBe(text.released);
      expect(await page.getByRole('button', { name: text.reverse }).count()).toBe(0);
      expect((await api<VendJson>(`/v1/prepaid/vends/${vendId}`)).status).toBe('released');

      // The pointer stays on the current menu link, whose hover colours axe checks too.
      await page.getByRole('navigation').getByRole('link', { name: text.salesNav }).click();
      await page.getByRole('heading', { name: text.salesTitle, level: 1 }).waitFor();
      await page.getByTestId('sales-by-cashier').waitFor();
      expect(plain(await page.getByTestId('float-balance').innerText())).toBe(
        formatUsd(floatAfter, language),
      );
      const today = todayIn('America/New_York');
      const day = await api<ReconciliationJson>(
        `/v1/prepaid/agents/${harness.demo.vendingAgent.id}/reconciliation?date=${today}`,
      );
      expect(BigInt(day.closingFloatMinor)).toBe(floatAfter);
      const sales = page.getByTestId('sales-by-cashier');
      const row = sales.getByRole('row').filter({ hasText: demoVendingAgent.user.displayName });
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain(demoVendingAgent.outlet.name);
      const cashier = day.cashiers.find((entry) => entry.vendCount > 0);
      expect(plain(await row.getByTestId('sales-tendered').innerText())).toBe(
        formatUsd(BigInt(cashier!.tenderedMinor), language),
      );
      expect(await row.getByTestId('sales-count').innerText()).toBe(String(cashier!.vendCount));
      await expectNoSeriousAxeViolations(page);

      // The URL keeps the day, so a link to an earlier day opens that day's figures.
      await page.goto('/vending/sales?date=2020-01-02');
      await page.getByText(text.noSales).waitFor();
      await context.close();
    });

    it(`sale beyond the float is refused (${language})`, async () => {
      const pan = harness.demo.prepaid.meters[2]!.pan;
      const floatBefore = await floatOfAgent();
      const { context, page } = await harness.newPage(language);
      await signInAsDemoAgent(harness, page, language);

      // The quote opens from its URL, like a shared link.
      const amount = texts[language].amountOf('900.00');
      await page.goto(`/vending/sell?meter=${pan}&amount=${encodeURIComponent(amount)}`);
      await page.getByTestId('vend-quote').waitFor();
      await page.getByRole('button', { name: text.sell(formatUsd(90000n, language)) }).click();
      await expectFieldMessage(page, sellForm(page, language).amount, text.floatExhausted);
      expect(await floatOfAgent()).toBe(floatBefore);
      await expectNoSeriousAxeViolations(page);

      // A meter number that no meter has is reported next to its field.
      await sellForm(page, language).meter.fill('600727000000000001');
      await sellForm(page, language).quote.click();
      await expectFieldMessage(page, sellForm(page, language).meter, text.meterNotFound);
      await context.close();
    });
  }

  it('agent reverses a sale before release', async () => {
    const pan = harness.demo.prepaid.meters[2]!.pan;
    const floatBefore = await floatOfAgent();
    const { context, page } = await harness.newPage('en');
    await signInAsDemoAgent(harness, page, 'en');

    await quote(page, 'en', pan, '10.00');
    await page.getByRole('button', { name: texts.en.sell(formatUsd(1000n, 'en')) }).click();
    const vendId = await openedVendId(page);
    expect(await floatOfAgent()).toBeLessThan(floatBefore);

    await page.getByRole('button', { name: texts.en.reverse }).click();
    await expectFieldMessage(page, page.getByLabel(texts.en.reason), 'Reason is required');
    await page.getByLabel(texts.en.reason).fill('Sold to the wrong meter');
    await page.getByRole('button', { name: texts.en.reverse }).click();
    await expect.poll(() => page.getByTestId('vend-status').textContent()).toBe(texts.en.reversed);
    await page.getByTestId('receipt-reversed').waitFor();
    expect(await page.getByTestId('receipt-reversed').innerText()).toContain('Sold to the wrong meter');
    expect((await api<VendJson>(`/v1/prepaid/vends/${vendId}`)).status).toBe('reversed');
    // The reversal gives the whole draw back to the float.
    expect(await floatOfAgent()).toBe(floatBefore);
    await expectNoSeriousAxeViolations(page);
    await context.close();
  });

  it('retries a sale whose answer was lost once', async () => {
    const pan = harness.demo.prepaid.meters[2]!.pan;
    const floatBefore = await floatOfAgent();
    const { context, page } = await harness.newPage('en');
    await signInAsDemoAgent(harness, page, 'en');
    await quote(page, 'en', pan, '7.00');

    // The server sells, but the response never reaches the page; then the seller reloads and sells again.
    await page.route('**/v1/prepaid/vends', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: texts.en.sell(formatUsd(700n, 'en')) }).click();
    await expect.poll(floatOfAgent).toBeLessThan(floatBefore);
    const floatAfterSale = await floatOfAgent();
    await page.unroute('**/v1/prepaid/vends');
    await page.reload();
    await page.getByTestId('vend-quote').waitFor();
    await page.getByRole('button', { name: texts.en.sell(formatUsd(700n, 'en')) }).click();
    const vendId = await openedVendId(page);

    // The retry got the first sale back: the float moved once.
    expect(await floatOfAgent()).toBe(floatAfterSale);
    expect((await api<VendJson>(`/v1/prepaid/vends/${vendId}`)).tenderedMinor).toBe('700');

    // A second purchase of the same amount after that is a new sale.
    await page.goto(`/vending/sell?meter=${pan}&amount=7.00`);
    await page.getByTestId('vend-quote').waitFor();
    await page.getByRole('button', { name: texts.en.sell(formatUsd(700n, 'en')) }).click();
    expect(await openedVendId(page)).not.toBe(vendId);
    expect(await floatOfAgent()).toBeLessThan(floatAfterSale);
    await context.close();
  });

  it('sign-in link preselects the agent kind', async () => {
    const { context, page } = await harness.newPage('es');
    await page.goto('/sign-in?kind=agent');
    expect(await page.getByRole('radio', { name: 'Agente de venta' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Personal de la empresa' }).isChecked()).toBe(false);
    await expectNoSeriousAxeViolations(page);

    await page.getByRole('radio', { name: 'Personal de la empresa' }).check();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('staff');
    await context.close();
  });

  it('staff sell from the back office without a float', async () => {
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en');
    await page.getByRole('navigation').getByRole('link', { name: texts.en.sellNav }).click();
    await page.getByRole('heading', { name: texts.en.sellTitle, level: 1 }).waitFor();
    expect(await page.getByTestId('agent-float').count()).toBe(0);

    await page.goto('/vending/sales');
    await page.getByTestId('agent-float').waitFor();
    expect(await page.getByLabel('Vending agent').inputValue()).toBe(harness.demo.vendingAgent.id);
    await expectNoSeriousAxeViolations(page);
    await context.close();
  });
});
