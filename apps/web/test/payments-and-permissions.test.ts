import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minorToDecimal } from '../src/format/amounts.js';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';

const locales: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

/** Formats US cents as the app shows money, with every kind of space as a plain one. */
function formatUsd(minor: bigint, language: Language): string {
  const decimal = minorToDecimal(minor.toString(), 2) as Intl.StringNumericLiteral;
  const text = new Intl.NumberFormat(locales[language], { style: 'currency', currency: 'USD' }).format(
    decimal,
  );
  return text.replace(/\s/g, ' ');
}

const texts = {
  en: {
    noAccess: 'You do not have access to this screen',
    overpayment: (balance: string, excess: string) =>
      `The account owes ${balance}, so this payment is ${excess} more than is due.`,
    largeAmount: (threshold: string) => `It is more than ${threshold}, the large-amount limit for USD`,
    notFound: 'Not found',
    retry: 'Try again',
    statement: 'Statement',
    agreements: 'Agreements',
    payments: 'Payments',
    exportCsv: 'Export CSV',
    account: 'Account number',
    amount: 'Amount',
    receivedOn: 'Received on',
    post: 'Post a payment',
    payment: 'Payment',
    customer: 'Customer',
    tooLarge: 'is too large',
    confirmPost: 'Yes, post it',
    changeAmount: 'Change the amount',
    allocationStatuses: ['Active', 'Released'],
    estLabel: /EST/,
    activity: 'Activity',
    createdAccount: 'Created account',
    createdPayment: 'Created payment',
    apiKeyActor: 'API key “Demo API key”',
    systemActor: 'System',
    olderActivity: 'Show older activity',
    openItems: 'Open items',
    settledBy: 'Settled by',
  },
  es: {
    noAccess: 'No tiene acceso a esta pantalla',
    notFound: 'No encontrado',
    retry: 'Reintentar',
    statement: 'Extracto',
    agreements: 'Contratos',
    payments: 'Cobros',
    exportCsv: 'Exportar CSV',
    overpayment: (balance: string, excess: string) =>
      `La cuenta debe ${balance}, así que este cobro supera lo pendiente en ${excess}.`,
    largeAmount: (threshold: string) => `Supera ${threshold}, el límite de importes grandes en USD`,
    account: 'Número de cuenta',
    amount: 'Importe',
    receivedOn: 'Fecha de cobro',
    post: 'Registrar un cobro',
    payment: 'Cobro',
    customer: 'Cliente',
    tooLarge: 'es demasiado grande',
    confirmPost: 'Sí, registrarlo',
    changeAmount: 'Cambiar el importe',
    allocationStatuses: ['Vigente', 'Liberada'],
    estLabel: /GMT-5/,
    activity: 'Actividad',
    createdAccount: 'Alta de cuenta',
    createdPayment: 'Alta de cobro',
    apiKeyActor: 'Clave de API «Demo API key»',
    systemActor: 'Sistema',
    olderActivity: 'Ver actividad anterior',
    openItems: 'Partidas abiertas',
    settledBy: 'Saldada con',
  },
} as const;

describe('payments and permissions in Chromium', () => {
  let harness: BrowserHarness;
  /**
   * Demo accounts with issued bills, one per language, so that each statement has entries that link to
   * bills and each language's payment is allocated to a bill still open.
   */
  let billedAccounts: Record<Language, { id: string; accountNumber: string }>;
  /** Two more billed demo accounts, one per language, that no other test pays. */
  let settlingAccounts: Record<Language, { id: string; accountNumber: string }>;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const bills = await api<{ items: { accountId: string; accountNumber: string }[] }>(
      '/v1/bills?status=issued&limit=50',
    );
    const accounts = [...new Map(bills.items.map((bill) => [bill.accountId, bill])).values()];
    const [en, es, settlingEn, settlingEs] = accounts.map((bill) => ({
      id: bill.accountId,
      accountNumber: bill.accountNumber,
    }));
    if (!en || !es || !settlingEn || !settlingEs) {
      throw new Error('The demo utility has fewer than four accounts with issued bills.');
    }
    billedAccounts = { en, es };
    settlingAccounts = { en: settlingEn, es: settlingEs };
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

  /**
   * Posts a payment of `amountMinor` US cents to the account through the API, as the demo API key or as
   * the demo administrator's session, and returns the payment's id.
   */
  async function postPayment(accountId: string, amountMinor: string, as: 'api-key' | 'administrator') {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    };
    if (as === 'api-key') {
      headers['x-api-key'] = harness.demo.apiKey;
    } else {
      const administrator = harness.demo.users.find((user) => user.role === 'administrator');
      if (!administrator) throw new Error('The demo has no administrator.');
      const signIn = await fetch(`${harness.url}/v1/auth/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          company: harness.demo.companyCode,
          email: administrator.user,
          password: administrator.demoPassword,
        }),
      });
      if (!signIn.ok) throw new Error(`Sign-in returned ${signIn.status}: ${await signIn.text()}`);
      const cookie = signIn.headers.getSetCookie().find((value) => value.startsWith('cis_session='));
      headers.cookie = cookie?.split(';')[0] ?? '';
      headers['x-csrf-token'] = ((await signIn.json()) as { csrfToken: string }).csrfToken;
    }
    const response = await fetch(`${harness.url}/v1/payments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ accountId, amountMinor, currency: 'USD', method: 'cash' }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST /v1/payments returned ${response.status}: ${text}`);
    return (JSON.parse(text) as { id: string }).id;
  }

  /** Opens a page whose browser runs in Asia/Tokyo, far from the company's America/New_York. */
  async function newTokyoPage(language: Language) {
    const context = await harness.browser.newContext({
      baseURL: harness.url,
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Asia/Tokyo',
    });
    await context.addInitScript((code) => window.localStorage.setItem('open-cis.language', code), language);
    return { context, page: await context.newPage() };
  }

  function paymentForm(page: Page, language: Language) {
    const text = texts[language];
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: text.post }) });
    return {
      account: form.getByLabel(text.account),
      amount: form.getByLabel(new RegExp(`^${text.amount}`)),
      receivedOn: form.getByLabel(text.receivedOn),
      submit: form.getByRole('button', { name: text.post }),
      form,
    };
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];
    const billedAccount = () => billedAccounts[language];

    it(`cashier gets no-access screens (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language, 'cashier');
      let billRunRequests = 0;
      page.on('request', (request) => {
        if (request.url().includes('/v1/bill-runs/')) billRunRequests += 1;
      });

      await page.goto('/bills');
      await page.getByTestId('no-access-state').waitFor();
      expect(await page.getByTestId('no-access-state').innerText()).toContain(text.noAccess);
      expect(await page.locator('main form, main table').count()).toBe(0);
      await expectNoSeriousAxeViolations(page);

      await page.goto(`/bill-runs/${crypto.randomUUID()}`);
      await page.getByTestId('no-access-state').waitFor();
      await page.waitForTimeout(1500);
      expect(billRunRequests).toBe(0);
      await context.close();
    });

    it(`cashier account page links nowhere denied (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language, 'cashier');

      await page.goto(`/accounts/${billedAccount().id}`);
      const statement = page
        .locator('.mantine-Card-root')
        .filter({ has: page.getByRole('heading', { name: text.statement, level: 2, exact: true }) });
      await statement.locator('tbody tr').first().waitFor();

      expect(await page.locator('main a[href^="/bills/"]').count()).toBe(0);
      expect(await page.locator('main a[href^="/tariffs/"]').count()).toBe(0);
      expect(await page.getByRole('heading', { name: text.agreements, level: 2, exact: true }).count()).toBe(
        0,
      );
      expect(await page.getByText(/lacks the permission/).count()).toBe(0);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    });

    it(`unknown customer shows not found (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);

      await page.goto(`/customers/${crypto.randomUUID()}`);
      const notFound = page.getByTestId('not-found-state');
      await notFound.waitFor();

      expect(await notFound.innerText()).toContain(text.notFound);
      expect(await page.getByRole('button', { name: text.retry }).count()).toBe(0);
      await context.close();
    });

    it(`payment form checks amounts and dates (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language, 'cashier');
      await page.goto('/payments');
      const form = paymentForm(page, language);
      await form.account.fill(billedAccount().accountNumber);

      await form.amount.fill('99999999999999999999');
      await form.submit.click();
      await expect.poll(() => form.form.innerText()).toContain(text.tooLarge);

      const balance = await api<{ balanceMinor: string }>(`/v1/accounts/${billedAccount().id}/balance`);
      const balanceDue = BigInt(balance.balanceMinor);
      expect(balanceDue).toBeGreaterThan(0n);
      const plainText = async (locator: Locator) => (await locator.innerText()).replace(/\s/g, ' ');

      // 20,000 dollars is above the large-amount limit of USD and more than any demo account owes.
      await form.amount.fill(language === 'es' ? '20.000,00' : '20,000.00');
      await form.submit.click();
      const confirmation = page.getByTestId('confirm-payment');
      await confirmation.waitFor();
      expect(await confirmation.innerText()).toContain(billedAccount().accountNumber);
      expect(await plainText(confirmation.getByTestId('confirm-large-amount'))).toContain(
        text.largeAmount(formatUsd(1_000_000n, language)),
      );
      expect(await plainText(confirmation.getByTestId('confirm-overpayment'))).toContain(
        text.overpayment(formatUsd(balanceDue, language), formatUsd(2_000_000n - balanceDue, language)),
      );
      await expectNoSeriousAxeViolations(page);
      await confirmation.getByRole('button', { name: text.changeAmount }).click();
      expect(await confirmation.count()).toBe(0);
      expect(page.url()).toMatch(/\/payments$/);

      // 12.34 more than the balance due is an overpayment, but no large amount.
      const overpaid = minorToDecimal((balanceDue + 1_234n).toString(), 2);
      await form.amount.fill(language === 'es' ? overpaid.replace('.', ',') : overpaid);
      await form.submit.click();
      await confirmation.waitFor();
      expect(await plainText(confirmation.getByTestId('confirm-overpayment'))).toContain(
        text.overpayment(formatUsd(balanceDue, language), formatUsd(1_234n, language)),
      );
      expect(await confirmation.getByTestId('confirm-large-amount').count()).toBe(0);
      await confirmation.getByRole('button', { name: text.changeAmount }).click();
      expect(await confirmation.count()).toBe(0);

      await form.amount.fill('5');
      await form.receivedOn.fill('1999-01-01');
      await form.submit.click();
      // The server rejects a date before the account opened, and the form words it in the user's language.
      const openingWords =
        language === 'es' ? 'es anterior a la apertura de la cuenta' : 'is before the account opened';
      const date = new Intl.DateTimeFormat(locales[language], {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }).format(new Date('1999-01-01T00:00:00Z'));
      await expect.poll(() => form.form.innerText()).toContain(`${date}, ${openingWords}`);
      expect(page.url()).toMatch(/\/payments$/);
      await context.close();
    });

    it(`payment page names its account (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language, 'cashier');
      await page.goto('/payments');
      const form = paymentForm(page, language);
      await form.account.fill(billedAccount().accountNumber);
      await form.amount.fill(language === 'es' ? '1.234,56' : '1,234.56');
      await form.submit.click();
      // The demo account owes less than 1,234.56, so the payment posts once the overpayment is confirmed.
      const confirmation = page.getByTestId('confirm-payment');
      await confirmation.getByTestId('confirm-overpayment').waitFor();
      await confirmation.getByRole('button', { name: text.confirmPost }).click();

      await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
      const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^${text.payment} · `) });
      await heading.waitFor();
      expect(await heading.innerText()).toMatch(new RegExp(`^${text.payment} · `));
      expect(await heading.innerText()).toMatch(/1[.,]?234[.,]56/);
      const account = page.getByTestId('payment-account');
      await account.waitFor();
      expect(await account.getByRole('link', { name: billedAccount().accountNumber }).count()).toBe(1);
      expect(await account.innerText()).toContain(text.customer);
      const statuses = await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts();
      expect(statuses.length).toBeGreaterThan(0);
      for (const status of statuses) expect(text.allocationStatuses).toContain(status.trim());
      expect(await page.locator('main a[href^="/bills/"]').count()).toBe(0);
      await expectNoSeriousAxeViolations(page);

      await page.goto('/payments');
      const table = page.getByRole('table', { name: text.payments });
      await table.getByRole('columnheader', { name: text.account }).waitFor();
      expect(await table.getByRole('link', { name: billedAccount().accountNumber }).count()).toBeGreaterThan(
        0,
      );

      // The CSV export contains the table's columns in the table's order.
      const exportLink = page.getByRole('link', { name: text.exportCsv });
      const csvUrl = new URL((await exportLink.getAttribute('href')) ?? '', harness.url);
      const csv = await page.evaluate(async (url) => (await fetch(url)).text(), csvUrl.toString());
      expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
        'receivedOn,accountNumber,method,status,reference,currency,amount',
      );
      await context.close();
    });

    it(`activity names actors, actions and records (${language})`, async () => {
      const keyPayment = await postPayment(billedAccount().id, '101', 'api-key');
      await postPayment(billedAccount().id, '102', 'administrator');
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);

      await page.goto(`/accounts/${billedAccount().id}`);
      const activity = page
        .locator('.mantine-Card-root')
        .filter({ has: page.getByRole('heading', { name: text.activity, level: 2, exact: true }) });
      await activity.locator('li').first().waitFor();
      // The demo seed created the account, so its event is the oldest: load every page.
      const olderActivity = activity.getByRole('button', { name: text.olderActivity });
      while ((await olderActivity.count()) > 0) {
        const entries = await activity.locator('li').count();
        await olderActivity.click();
        await expect.poll(() => activity.locator('li').count()).toBeGreaterThan(entries);
      }
      const activityText = await activity.innerText();

      expect(activityText).toContain(text.createdAccount);
      expect(activityText).not.toContain('create account');
      expect(activityText).not.toMatch(/\bOpen …|Abrir …/);
      expect(activityText).toContain('Ada Admin');
      expect(activityText).toContain(text.apiKeyActor);
      expect(activityText).toContain(text.systemActor);
      const actors = await activity.getByTestId('activity-actor').allInnerTexts();
      for (const actor of actors) expect(actor).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(activityText).toContain(text.createdPayment);
      const keyPaymentLink = activity.locator(`a[href="/payments/${keyPayment}"]`).first();
      expect(await keyPaymentLink.innerText()).toMatch(/1[.,]01/);
      // The newest entry is the administrator's, whose user id stays in the tooltip.
      expect(await activity.getByTestId('activity-actor').first().getAttribute('title')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-/,
      );
      await context.close();
    });

    it(`open items show their settlements (${language})`, async () => {
      const account = settlingAccounts[language];
      const paymentId = await postPayment(account.id, '100', 'api-key');
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);

      await page.goto(`/accounts/${account.id}`);
      const openItems = page
        .locator('.mantine-Card-root')
        .filter({ has: page.getByRole('heading', { name: text.openItems, level: 2, exact: true }) });
      await openItems.getByRole('columnheader', { name: text.settledBy }).waitFor();
      const paymentLink = page.locator(`a[href="/payments/${paymentId}"]`);
      const row = openItems.locator('tbody tr').filter({ has: paymentLink });
      await row.waitFor();

      expect(await row.locator(paymentLink).innerText()).toBe(text.payment);
      expect((await row.innerText()).replace(/\s/g, ' ')).toContain(formatUsd(100n, language));
      await context.close();
    });

    it(`times carry the company zone (${language})`, async () => {
      const { context, page } = await newTokyoPage(language);
      await signInAsDemoUser(harness, page, language);

      const firstRow = page.locator('main table tbody tr').first();
      await firstRow.waitFor();
      const rowText = await firstRow.innerText();

      expect(rowText).toMatch(text.estLabel);
      expect(rowText).not.toMatch(/GMT\+9|JST/);
      await context.close();
    });
  }
});
