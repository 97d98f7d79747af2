import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectFieldMessage,
  expectNoSeriousAxeViolations,
  signInAsDemoAgent,
  signInAsDemoUser,
} from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

const texts = {
  en: {
    released: 'Released',
    reversed: 'Reversed',
    correct: 'Correct',
    submit: 'Correct this sale',
    cancel: 'Cancel',
    reasonCode: 'Reason code',
    reason: 'Reason',
    reasonCodeMissing: 'Reason code: choose one of the options in the list.',
    reasonMissing: 'Reason is required',
    warning: 'The token cannot be recalled',
    duplicateSale: 'Sold twice',
    corrected: 'Corrected in the back office: the tokens are void',
    handOver: 'Hand over the token',
    reverse: 'Reverse this sale',
    userId: (id: string) => `User ${id}`,
    meterNumber: 'Meter number',
    amount: /^Amount/,
    quote: 'Quote',
    sell: /^Sell /,
  },
  es: {
    released: 'Entregada',
    reversed: 'Anulada',
    correct: 'Corregir',
    submit: 'Corregir esta venta',
    cancel: 'Cancelar',
    reasonCode: 'Código de motivo',
    reason: 'Motivo',
    reasonCodeMissing: '«Código de motivo»: elija una de las opciones de la lista.',
    reasonMissing: 'Falta «Motivo»',
    warning: 'El código no se puede recuperar',
    duplicateSale: 'Vendida dos veces',
    corrected: 'Corrección administrativa: los códigos no son válidos',
    handOver: 'Entregar el código',
    reverse: 'Anular esta venta',
    userId: (id: string) => `Usuario ${id}`,
    meterNumber: 'Número de contador',
    amount: /^Importe/,
    quote: 'Presupuestar',
    sell: /^Vender /,
  },
} as const;

type VendJson = {
  id: string;
  status: string;
  reversalReason: string | null;
  correction: { reasonCode: string; correctedBy: string } | null;
};
type UserPage = { items: { id: string; email: string }[] };

describe('vend corrections in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
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

  /** Sells `amountMinor` to a demo meter from the back office and records that the customer has the token. */
  async function releasedVend(meterIndex: number, amountMinor: string): Promise<VendJson> {
    const pan = harness.demo.prepaid.meters[meterIndex]!.pan;
    const vend = await api<VendJson>('POST', '/v1/prepaid/vends', { pan, amountMinor, currency: 'USD' });
    return api<VendJson>('POST', `/v1/prepaid/vends/${vend.id}/confirm`);
  }

  async function userIdOf(email: string): Promise<string> {
    const page = await api<UserPage>('GET', `/v1/users?search=${encodeURIComponent(email)}`);
    const user = page.items.find((item) => item.email === email);
    if (!user) throw new Error(`No user has the email ${email}.`);
    return user.id;
  }

  async function openVend(page: Page, vendId: string) {
    await page.goto(`/vending/vends/${vendId}`);
    await page.getByTestId('receipt').waitFor();
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`administrator corrects a released vend (${language})`, async () => {
      const vend = await releasedVend(language === 'en' ? 0 : 1, '1500');
      const adminId = await userIdOf('admin@demo.example');
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await openVend(page, vend.id);
      expect(await page.getByTestId('vend-status').textContent()).toBe(text.released);
      // A released vend can no longer be reversed, only corrected.
      expect(await page.getByRole('button', { name: text.reverse }).count()).toBe(0);

      // The form opens with the focus on its first field and warns that the token stays valid.
      await page.getByRole('button', { name: text.correct, exact: true }).click();
      const reasonCode = page.getByLabel(text.reasonCode);
      await expect
        .poll(() => reasonCode.evaluate((element) => element === document.activeElement))
        .toBe(true);
      expect(await page.getByTestId('correction-warning').innerText()).toContain(text.warning);
      await expectNoSeriousAxeViolations(page);

      // Both fields are required, and nothing is sent without them.
      await page.getByRole('button', { name: text.submit }).click();
      await expectFieldMessage(page, reasonCode, text.reasonCodeMissing);
      await expectFieldMessage(page, page.getByRole('textbox', { name: text.reason }), text.reasonMissing);
      expect((await api<VendJson>('GET', `/v1/prepaid/vends/${vend.id}`)).status).toBe('released');

      await reasonCode.selectOption('duplicate-sale');
      await page
        .getByRole('textbox', { name: text.reason })
        .fill('The cashier sold it twice; customer Smith called');
      await page.getByRole('button', { name: text.submit }).click();
      await expect.poll(() => page.getByTestId('vend-status').textContent()).toBe(text.reversed);

      const notice = page.getByTestId('receipt-corrected');
      await notice.waitFor();
      expect(await notice.innerText()).toContain(text.corrected);
      expect(await notice.getByTestId('corrected-by').innerText()).toBe('Ada Admin');
      expect(await notice.getByTestId('correction-reason-code').innerText()).toBe(text.duplicateSale);
      expect(await notice.getByTestId('correction-reason').innerText()).toBe(
        'The cashier sold it twice; customer Smith called',
      );
      // A corrected vend offers no further action.
      expect(await page.getByRole('button', { name: text.correct, exact: true }).count()).toBe(0);
      expect(await page.getByText(text.handOver).count()).toBe(0);
      await expectNoSeriousAxeViolations(page);

      const corrected = await api<VendJson>('GET', `/v1/prepaid/vends/${vend.id}`);
      expect(corrected.status).toBe('reversed');
      expect(corrected.correction).toEqual({ reasonCode: 'duplicate-sale', correctedBy: adminId });
      expect(corrected.reversalReason).toBe('The cashier sold it twice; customer Smith called');
      await context.close();
    });
  }

  it('cashier gets no correct action', async () => {
    const vend = await releasedVend(2, '800');
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    await openVend(page, vend.id);
    // The cashier may sell, so the page offers the seller's next steps, but no correction.
    await page.getByText(texts.en.handOver).waitFor();
    expect(await page.getByRole('button', { name: texts.en.correct, exact: true }).count()).toBe(0);
    expect(await page.getByText(texts.en.submit).count()).toBe(0);
    await context.close();
  });

  it('cashier sees who corrected by id', async () => {
    const vend = await releasedVend(2, '700');
    const adminId = await userIdOf('admin@demo.example');
    const admin = await harness.newPage('en');
    await signInAsDemoUser(harness, admin.page, 'en');
    await openVend(admin.page, vend.id);
    await admin.page.getByRole('button', { name: texts.en.correct, exact: true }).click();
    await admin.page.getByLabel(texts.en.reasonCode).selectOption('wrong-meter');
    await admin.page.getByRole('textbox', { name: texts.en.reason }).fill('Meter number typed wrong');
    await admin.page.getByRole('button', { name: texts.en.submit }).click();
    await admin.page.getByTestId('receipt-corrected').waitFor();
    await admin.context.close();

    // The cashier may not read users, so the correcting user is named by id.
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    await openVend(page, vend.id);
    await page.getByTestId('receipt-corrected').waitFor();
    expect(await page.getByTestId('corrected-by').innerText()).toBe(texts.en.userId(adminId));
    expect(await page.getByTestId('correction-reason-code').innerText()).toBe('Sold to the wrong meter');
    await context.close();
  });

  it('agent gets no correct action', async () => {
    const pan = harness.demo.prepaid.meters[2]!.pan;
    const { context, page } = await harness.newPage('en');
    await signInAsDemoAgent(harness, page, 'en');
    await page.getByLabel(texts.en.meterNumber).fill(pan);
    await page.getByLabel(texts.en.amount).fill('6.00');
    await page.getByRole('button', { name: texts.en.quote, exact: true }).click();
    await page.getByTestId('vend-quote').waitFor();
    await page.getByRole('button', { name: texts.en.sell }).click();
    await page.waitForURL(/\/vending\/vends\/[0-9a-f-]{36}$/);
    await page.getByTestId('receipt').waitFor();

    // The agent may reverse its issued sale, but never correct it.
    await page.getByRole('button', { name: texts.en.reverse }).waitFor();
    expect(await page.getByRole('button', { name: texts.en.correct, exact: true }).count()).toBe(0);
    await context.close();
  });
});
