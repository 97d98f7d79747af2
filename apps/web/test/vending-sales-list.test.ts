import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVendingAgent } from '../../server/src/modules/demo/index.js';
import { startMailReceiver, type MailReceiver } from '../../server/test/support/mail-receiver.js';
import { todayIn } from '../src/format/today.js';
import {
  expectFieldMessage,
  expectNoSeriousAxeViolations,
  signInAsDemoAgent,
  signInAsDemoUser,
} from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

const texts = {
  en: {
    vendsNav: 'Past sales',
    vendsTitle: 'Past sales',
    meterNumber: 'Meter number',
    amount: /^Amount/,
    amountOf: (value: string) => value,
    quote: 'Quote',
    sell: /^Sell /,
    reference: 'Reference',
    from: 'From',
    to: 'To',
    noRows: 'No rows match.',
    reprintOf: (reference: string) => `Reprint the sale with reference ${reference}`,
    copyMark: 'COPY · reprint 1',
    agent: 'Vending agent',
    agentColumn: 'Vending agent',
    utility: 'Utility',
    back: 'Back',
    email: 'Customer email',
    send: 'Send',
    invalidEmail: '"not an address" is not an email address',
    sent: (email: string) => `The receipt is on its way to ${email}.`,
    mailSubject: 'Your Jackson EMC (demo) prepaid electricity receipt',
  },
  es: {
    vendsNav: 'Ventas anteriores',
    vendsTitle: 'Ventas anteriores',
    meterNumber: 'Número de contador',
    amount: /^Importe/,
    amountOf: (value: string) => value.replace('.', ','),
    quote: 'Presupuestar',
    sell: /^Vender /,
    reference: 'Referencia',
    from: 'Desde',
    to: 'Hasta',
    noRows: 'Ninguna fila coincide.',
    reprintOf: (reference: string) => `Reimprimir la venta con referencia ${reference}`,
    copyMark: 'COPIA · reimpresión 1',
    agent: 'Agente de venta',
    agentColumn: 'Agente de venta',
    utility: 'Empresa',
    back: 'Volver',
    email: 'Correo del cliente',
    send: 'Enviar',
    invalidEmail: '«not an address» no es una dirección de correo',
    sent: (email: string) => `El recibo va de camino a ${email}.`,
    mailSubject: 'Su recibo de electricidad prepago de Jackson EMC (demo)',
  },
} as const;

type Language = keyof typeof texts;
type VendJson = {
  id: string;
  accountId: string;
  agentId: string | null;
  accountNumber: string;
  customerName: string;
  transactionReference: string;
  reprintCount: number;
  tokens: { tokenGroups: string }[];
};

describe('vending sales list in Chromium', () => {
  let harness: BrowserHarness;
  let receiver: MailReceiver;

  beforeAll(async () => {
    // The server reads its SMTP server from the environment when it starts, and this file runs in a
    // process of its own, so its mail goes to this receiver only.
    receiver = await startMailReceiver();
    process.env.CIS_SMTP_URL = receiver.url;
    try {
      harness = await startBrowserHarness();
    } finally {
      delete process.env.CIS_SMTP_URL;
    }
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  /** Calls the API with the demo key, which has every permission and sells for no agent. */
  async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${harness.url}${path}`, {
      method,
      headers: {
        'x-api-key': harness.demo.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} returned ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Sells `amount` for the meter on the sell screen and returns the vend whose receipt opens. */
  async function sellThroughScreen(page: Page, language: Language, pan: string, amount: string) {
    const text = texts[language];
    await page.goto('/vending/sell');
    await page.getByLabel(text.meterNumber).fill(pan);
    await page.getByLabel(text.amount).fill(text.amountOf(amount));
    await page.getByRole('button', { name: text.quote, exact: true }).click();
    await page.getByTestId('vend-quote').waitFor();
    await page.getByRole('button', { name: text.sell }).click();
    await page.waitForURL(/\/vending\/vends\/[0-9a-f-]{36}$/);
    await page.getByTestId('receipt').waitFor();
    const vendId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    return api<VendJson>('GET', `/v1/prepaid/vends/${vendId}`);
  }

  /** Returns the ids of the vends the list shows, from the links to their receipts. */
  async function listedVendIds(page: Page): Promise<string[]> {
    const links = await page
      .getByTestId('vend-link')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    return links.map((href) => href.split('/').at(-1) ?? '');
  }

  /** Types a filter's value and waits until the URL contains it. */
  async function filter(page: Page, label: string, name: string, value: string) {
    await page.getByLabel(label, { exact: true }).fill(value);
    await page.waitForURL((url) => url.searchParams.get(`f.${name}`) === (value === '' ? null : value));
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];
    // Each language sells to its own meter, so that its list has its own sales.
    const meterIndex = language === 'en' ? 0 : 1;

    it(`agent finds and reprints a sale (${language})`, async () => {
      const meter = harness.demo.prepaid.meters[meterIndex]!;
      const { context, page } = await harness.newPage(language);
      await signInAsDemoAgent(harness, page, language);

      // The quote names the account by number and the customer by name, not by id.
      await page.getByLabel(text.meterNumber).fill(meter.pan);
      await page.getByLabel(text.amount).fill(text.amountOf('12.00'));
      await page.getByRole('button', { name: text.quote, exact: true }).click();
      await page.getByTestId('vend-quote').waitFor();
      expect(await page.getByTestId('quote-customer').innerText()).toBe(meter.customerName);
      const accountNumber = await page.getByTestId('quote-account').innerText();
      const quoteText = await page.getByTestId('vend-quote').innerText();

      const first = await sellThroughScreen(page, language, meter.pan, '12.00');
      const second = await sellThroughScreen(page, language, meter.pan, '13.00');
      expect(accountNumber).toBe(first.accountNumber);
      expect(quoteText).not.toContain(first.accountId);
      expect(await page.getByTestId('receipt-account').innerText()).toBe(accountNumber);
      expect(await page.getByTestId('receipt-customer').innerText()).toBe(meter.customerName);
      // A sale by the utility's own staff to the same meter is no sale of the agent's.
      const byStaff = await api<VendJson>('POST', '/v1/prepaid/vends', {
        pan: meter.pan,
        amountMinor: '1100',
        currency: 'USD',
      });
      expect(byStaff.agentId).toBeNull();

      await page.getByRole('navigation').getByRole('link', { name: text.vendsNav }).click();
      await page.getByRole('heading', { name: text.vendsTitle, level: 1 }).waitFor();
      await page.getByTestId('vend-link').first().waitFor();
      // The agent gets no agent column or filter, because every sale listed is its own.
      expect(await page.getByRole('columnheader', { name: text.agentColumn }).count()).toBe(0);
      expect(await page.getByLabel(text.agent, { exact: true }).count()).toBe(0);
      await filter(page, text.meterNumber, 'pan', meter.pan);
      // The staff sale to the meter is newer than both, so a list that showed it would show it first.
      await expect.poll(() => listedVendIds(page)).toEqual([second.id, first.id]);
      const customers = await page.getByTestId('vend-customer').allInnerTexts();
      expect(customers).toEqual([meter.customerName, meter.customerName]);
      await expectNoSeriousAxeViolations(page);

      // The reference matches by its first characters, as typed from a printed receipt.
      await filter(page, text.reference, 'transactionReference', first.transactionReference.slice(0, 8));
      await expect.poll(() => listedVendIds(page)).toEqual([first.id]);
      await filter(page, text.reference, 'transactionReference', '');

      const today = todayIn('America/New_York');
      await filter(page, text.from, 'accountingDateFrom', today);
      await filter(page, text.to, 'accountingDateTo', today);
      await expect.poll(() => listedVendIds(page)).toEqual([second.id, first.id]);
      await filter(page, text.from, 'accountingDateFrom', '2020-01-01');
      await filter(page, text.to, 'accountingDateTo', '2020-01-31');
      await page.getByText(text.noRows).waitFor();

      // The URL keeps the filters, so the view opens again from a link.
      await page.goto(
        `/vending/vends?f.pan=${meter.pan}&f.transactionReference=${first.transactionReference}`,
      );
      await expect.poll(() => listedVendIds(page)).toEqual([first.id]);

      // Reprint from the list: the receipt opens with the same tokens, marked as a copy.
      await page.getByRole('button', { name: text.reprintOf(first.transactionReference) }).click();
      await page.waitForURL(new RegExp(`/vending/vends/${first.id}$`));
      await page.getByTestId('receipt-copy-mark').waitFor();
      expect(await page.getByTestId('receipt-copy-mark').innerText()).toBe(text.copyMark);
      expect(await page.getByTestId('token-digits').allInnerTexts()).toEqual(
        first.tokens.map((token) => token.tokenGroups),
      );
      expect((await api<VendJson>('GET', `/v1/prepaid/vends/${first.id}`)).reprintCount).toBe(1);
      await expectNoSeriousAxeViolations(page);

      // The receipt goes by mail to the address the customer gives, in the seller's language.
      const email = `customer-${language}@example.com`;
      await page.getByLabel(text.email).fill('not an address');
      await page.getByRole('button', { name: text.send, exact: true }).click();
      await expectFieldMessage(page, page.getByLabel(text.email), text.invalidEmail);
      const mailsBefore = receiver.mails.length;
      await page.getByLabel(text.email).fill(email);
      await page.getByRole('button', { name: text.send, exact: true }).click();
      await page.getByTestId('receipt-mail-queued').waitFor();
      expect(await page.getByTestId('receipt-mail-queued').innerText()).toBe(text.sent(email));
      const mail = (await receiver.waitForMails(mailsBefore + 1, 20_000)).at(-1);
      expect(mail?.to).toEqual([email]);
      expect(mail?.subject).toBe(text.mailSubject);
      for (const token of first.tokens) expect(mail?.text).toContain(token.tokenGroups);
      expect(mail?.text).toContain(meter.pan);
      expect(mail?.text).not.toContain(meter.customerName);
      await expectNoSeriousAxeViolations(page);

      // Back returns to the filtered list.
      await page.getByRole('link', { name: text.back }).click();
      await expect.poll(() => listedVendIds(page)).toEqual([first.id]);
      await context.close();
    });
  }

  it('staff list every agent with a filter', async () => {
    const meter = harness.demo.prepaid.meters[2]!;
    const byStaff = await api<VendJson>('POST', '/v1/prepaid/vends', {
      pan: meter.pan,
      amountMinor: '900',
      currency: 'USD',
    });
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en');
    await page.goto(`/vending/vends?f.pan=${meter.pan}`);
    await page.getByRole('heading', { name: texts.en.vendsTitle, level: 1 }).waitFor();
    await expect.poll(() => listedVendIds(page)).toContain(byStaff.id);
    const row = page.getByRole('row').filter({ has: page.locator(`a[href$="${byStaff.id}"]`) });
    expect(await row.innerText()).toContain(texts.en.utility);

    await page
      .getByLabel(texts.en.agent, { exact: true })
      .selectOption({ label: `${demoVendingAgent.name} · ${demoVendingAgent.code}` });
    await page.waitForURL((url) => url.searchParams.get('f.agentId') === harness.demo.vendingAgent.id);
    await expect.poll(() => listedVendIds(page)).not.toContain(byStaff.id);
    await expectNoSeriousAxeViolations(page);
    await context.close();
  });
});
