import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSeriousAxeViolations,
  signIn,
  signInAsDemoCustomer,
  signInAsDemoUser,
} from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';
import { formatKwh, formatUsd, locales, plain, type Language } from './demo-formats.js';

const texts = {
  en: {
    title: 'My top-ups',
    customers: 'Customers',
    boughtAt: (date: string) => `Top-up of ${date}`,
    print: (date: string) => `Print the top-up of ${date}`,
    copy: 'Copy',
    copied: 'Copied',
    block: (number: number) => `Energy, block ${number} (`,
    older: 'Older top-ups',
    noOlder: 'These are all your top-ups.',
    noMeters: 'None of your accounts has a prepaid meter, so there are no top-ups or tokens to show.',
    unreachable: 'The server could not be reached. Check your connection and try again.',
    retry: 'Try again',
    customerKind: 'Customer',
  },
  es: {
    title: 'Mis recargas',
    customers: 'Clientes',
    boughtAt: (date: string) => `Recarga del ${date}`,
    print: (date: string) => `Imprimir la recarga del ${date}`,
    copy: 'Copiar',
    copied: 'Copiado',
    block: (number: number) => `Energía, tramo ${number} (`,
    older: 'Recargas anteriores',
    noOlder: 'Estas son todas sus recargas.',
    noMeters: 'Ninguna de sus cuentas tiene un contador prepago',
    unreachable: 'No se ha podido contactar con el servidor. Compruebe su conexión y vuelva a intentarlo.',
    retry: 'Reintentar',
    customerKind: 'Cliente',
  },
} as const;

type VendJson = {
  id: string;
  issuedAt: string;
  tenderedMinor: string;
  units: string;
  freeUnits: string;
  tokens: { token: string; tokenGroups: string }[];
};

/** What the page marks for paper when a top-up is printed: the top-ups left and whether the title is. */
type PrintedPage = { topUpIds: string[]; titlePrinted: boolean };

describe('self-service in Chromium', () => {
  let harness: BrowserHarness;
  let sequence = 0;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });

  /** Calls the API with the demo key, which has every permission. */
  async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${harness.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'x-api-key': harness.demo.apiKey,
        'content-type': 'application/json',
        'idempotency-key': `self-service-test-${++sequence}`,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} returned ${response.status}: ${text}`);
    // A 204, such as that of a password reset, has no body.
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Formats an instant as the app shows the time of a top-up, in the demo company's time zone. */
  function formatBoughtAt(instant: string, language: Language): string {
    return new Intl.DateTimeFormat(locales[language], {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: 'America/New_York',
    }).format(new Date(instant));
  }

  /**
   * Replaces the browser's print dialog, which headless Chromium does not show, with a probe that
   * records what the page has marked for paper when it requests printing, then ends printing as a
   * browser does, with an afterprint event.
   */
  async function probePrinting(page: Page): Promise<void> {
    await page.evaluate(() => {
      const probe = window as unknown as { printedPages: PrintedPage[] };
      probe.printedPages = [];
      window.print = () => {
        const onPaper = (element: Element) => element.closest('.no-print') === null;
        const topUps = [...document.querySelectorAll<HTMLElement>('[data-testid="top-up"]')];
        const title = document.querySelector('h1');
        probe.printedPages.push({
          topUpIds: topUps.filter(onPaper).map((topUp) => topUp.dataset.vendId ?? ''),
          titlePrinted: title !== null && onPaper(title),
        });
        window.dispatchEvent(new Event('afterprint'));
      };
    });
  }

  async function printedPages(page: Page): Promise<PrintedPage[]> {
    return page.evaluate(() => (window as unknown as { printedPages: PrintedPage[] }).printedPages);
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`customer sees top-up and tokens (${language})`, async () => {
      const seeded = harness.demo.selfServiceCustomer;
      const vend = await api<VendJson>(`/v1/prepaid/vends/${seeded.vendId}`);
      const { context, page } = await harness.newPage(language);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
      await signInAsDemoCustomer(harness, page, language);

      // Self-service shows the customer's own screen only: no back-office menu and no search.
      expect(new URL(page.url()).pathname).toBe('/my/top-ups');
      const navLinks = page.getByRole('navigation').getByRole('link');
      expect(await navLinks.allInnerTexts()).toEqual([text.title]);
      expect(await page.getByRole('link', { name: text.customers }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^(Search|Buscar)/ }).count()).toBe(0);

      // The household buys water by token too, from a meter of its own.
      expect(await page.getByTestId('prepaid-meter-pan').allInnerTexts()).toEqual([
        seeded.pan,
        harness.demo.prepaid.water.meter.pan,
      ]);

      const topUp = page.locator(`[data-testid="top-up"][data-vend-id="${seeded.vendId}"]`);
      await topUp.waitFor();
      const boughtAt = formatBoughtAt(vend.issuedAt, language);
      expect(plain(await topUp.getByRole('heading', { level: 2 }).innerText())).toBe(
        plain(text.boughtAt(boughtAt)),
      );
      expect(await topUp.getByTestId('top-up-pan').innerText()).toBe(seeded.pan);
      expect(plain(await topUp.getByTestId('top-up-amount').innerText())).toBe(formatUsd(3000n, language));
      expect(plain(await topUp.getByTestId('top-up-units').innerText())).toBe(
        plain(formatKwh(vend.units, language)),
      );
      expect(plain(await topUp.getByTestId('top-up-free-units').innerText())).toBe(
        plain(formatKwh(vend.freeUnits, language)),
      );

      // The credit token and the free basic units token, each in five groups of four digits.
      const tokenTexts = await topUp.getByTestId('token-digits').allInnerTexts();
      expect(tokenTexts).toEqual(vend.tokens.map((token) => token.tokenGroups));
      expect(tokenTexts).toHaveLength(2);
      for (const token of tokenTexts) expect(token).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);

      // The receipt lines: the service charge, the included tax, energy in two price blocks, free units.
      const lines = topUp.getByTestId('receipt-lines');
      expect(await lines.locator('tr[data-kind="fixed-charge"]').count()).toBe(1);
      expect(await lines.locator('tr[data-kind="tax"]').count()).toBe(1);
      const energy = await lines.locator('tr[data-kind="energy"]').allInnerTexts();
      expect(energy).toHaveLength(2);
      expect(energy[0]).toContain(text.block(1));
      expect(energy[1]).toContain(text.block(2));
      expect(await lines.locator('tr[data-kind="free-units"]').count()).toBe(1);
      await expectNoSeriousAxeViolations(page);

      // Copy puts the 20 digits, without spaces, on the clipboard.
      const copyButtons = topUp.getByRole('button', { name: new RegExp(`^${text.copy}`) });
      expect(await copyButtons.count()).toBe(2);
      await copyButtons.first().click();
      await expect
        .poll(() => page.evaluate(() => navigator.clipboard.readText()))
        .toBe(vend.tokens[0]!.token);
      expect(await topUp.getByText(text.copied, { exact: true }).count()).toBe(1);

      // Print puts this top-up alone on paper, then shows the page as before.
      await probePrinting(page);
      await topUp.getByRole('button', { name: plain(text.print(boughtAt)) }).click();
      expect(await printedPages(page)).toEqual([{ topUpIds: [seeded.vendId], titlePrinted: false }]);
      await expect.poll(() => page.locator('h1.no-print').count()).toBe(0);
      await context.close();
    });
  }

  it('customer pages through older top-ups', async () => {
    const seeded = harness.demo.selfServiceCustomer;
    // Ten newer top-ups fill the first page, so the demo's top-up moves to the second.
    const sold: string[] = [];
    for (let count = 0; count < 10; count++) {
      const vend = await api<VendJson>('/v1/prepaid/vends', {
        method: 'POST',
        body: { pan: seeded.pan, amountMinor: '1000', currency: 'USD' },
      });
      sold.push(vend.id);
    }
    const { context, page } = await harness.newPage('en');
    await signInAsDemoCustomer(harness, page, 'en');
    const topUps = page.getByTestId('top-up');
    await topUps.first().waitFor();

    const shownIds = () =>
      topUps.evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.vendId));
    expect(await shownIds()).toEqual([...sold].reverse());
    expect(await page.getByText(texts.en.noOlder).count()).toBe(0);

    await page.getByRole('button', { name: texts.en.older }).click();
    await expect.poll(shownIds).toEqual([...[...sold].reverse(), seeded.vendId]);
    await page.getByText(texts.en.noOlder).waitFor();
    expect(await page.getByRole('button', { name: texts.en.older }).count()).toBe(0);

    // Printing one of eleven top-ups puts that one alone on paper.
    await probePrinting(page);
    const seededTopUp = page.locator(`[data-testid="top-up"][data-vend-id="${seeded.vendId}"]`);
    await seededTopUp.getByRole('button', { name: /^Print the top-up of / }).click();
    expect(await printedPages(page)).toEqual([{ topUpIds: [seeded.vendId], titlePrinted: false }]);
    await expect.poll(() => page.locator('.no-print[data-testid="top-up"]').count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await context.close();
  });

  it('failed load is worded in Spanish', async () => {
    const { context, page } = await harness.newPage('es');
    await signInAsDemoCustomer(harness, page, 'es');

    // The connection drops while the page loads the top-ups; the customer then tries again.
    await page.route('**/v1/self-service/prepaid/vends*', (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.getByText(texts.es.unreachable).waitFor();
    await expectNoSeriousAxeViolations(page);
    await page.unroute('**/v1/self-service/prepaid/vends*');
    await page.getByRole('button', { name: texts.es.retry }).click();
    await page.getByTestId('top-up').first().waitFor();
    expect(await page.getByText(texts.es.unreachable).count()).toBe(0);
    await context.close();
  });

  it('customer without prepaid meters is told so', async () => {
    // A customer of the demo who pays by bill, with a self-service login made for this test.
    const prepaidCustomers = new Set(harness.demo.prepaid.meters.map((meter) => meter.customerId));
    const customers = await api<{ items: { id: string; displayName: string }[] }>('/v1/customers?limit=10');
    const customer = customers.items.find((candidate) => !prepaidCustomers.has(candidate.id))!;
    const email = 'postpaid.customer@demo.example';
    const created = await api<{ passwordSetup: { token: string } }>('/v1/users', {
      method: 'POST',
      body: {
        kind: 'customer',
        email,
        displayName: customer.displayName,
        roles: [],
        customerId: customer.id,
      },
    });
    const password = 'postpaid customer password';
    await api('/v1/auth/password-resets', {
      method: 'POST',
      body: { token: created.passwordSetup.token, newPassword: password },
    });

    for (const language of ['en', 'es'] as const) {
      const { context, page } = await harness.newPage(language);
      await signIn(harness, page, language, { user: email, kind: 'customer', demoPassword: password });
      await page.getByTestId('no-prepaid-meters').waitFor();
      expect(await page.getByTestId('no-prepaid-meters').innerText()).toContain(texts[language].noMeters);
      expect(await page.getByTestId('top-up').count()).toBe(0);
      expect(await page.getByTestId('prepaid-meters').count()).toBe(0);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    }
  });

  it('customer cannot reach staff screens', async () => {
    const { context, page } = await harness.newPage('en');
    // The utility's website can link to the sign-in page with the customer kind chosen.
    await page.goto('/sign-in?kind=customer');
    expect(await page.getByRole('radio', { name: texts.en.customerKind }).isChecked()).toBe(true);
    await signInAsDemoCustomer(harness, page, 'en');

    for (const path of [
      '/',
      '/customers',
      `/customers/${harness.demo.selfServiceCustomer.customerId}`,
      '/bills',
      '/vending/sell',
    ]) {
      await page.goto(path);
      await page.waitForURL('**/my/top-ups');
      await page.getByRole('heading', { name: texts.en.title, level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: texts.en.customers }).count()).toBe(0);
    }

    // The server refuses the back office's routes to a customer's session, whatever the page does.
    const statuses = await page.evaluate(async (customerId) => {
      const paths = ['/v1/customers', `/v1/customers/${customerId}`, '/v1/prepaid/agents', '/v1/users'];
      return Promise.all(paths.map(async (path) => (await fetch(path)).status));
    }, harness.demo.selfServiceCustomer.customerId);
    expect(statuses).toEqual([403, 403, 403, 403]);
    await context.close();

    // Staff who open a self-service link land in the back office.
    const staff = await harness.newPage('en');
    await signInAsDemoUser(harness, staff.page, 'en');
    await staff.page.goto('/my/top-ups');
    await staff.page.waitForURL('**/customers');
    expect(await staff.page.getByRole('link', { name: texts.en.title }).count()).toBe(0);
    await staff.context.close();
  });
});
