import { readFile } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';
type Messages = typeof en;

const messages: Record<Language, Messages> = { en, es };

/**
 * WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices. A WCAG violation fails at any impact,
 * but a best practice fails only when axe rates it serious or critical.
 */
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Replaces the `{{name}}` placeholders of an i18next message, as the app does. */
function interpolate(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Returns today's date in UTC as YYYY-MM-DD. */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

describe('accessibility of the back-office web app', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  /**
   * Opens a page in a fresh context with the app's language set. The browser's own locale is en-US
   * because a date field takes typed digits in the order of that locale (month, day, year).
   */
  async function newPage(language: Language) {
    const context = await harness.browser.newContext({
      baseURL: harness.url,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      locale: 'en-US',
    });
    await context.addInitScript((code) => window.localStorage.setItem('open-cis.language', code), language);
    const page = await context.newPage();
    return { context, page };
  }

  async function isFocused(locator: Locator): Promise<boolean> {
    return locator.evaluate((element) => element === document.activeElement);
  }

  async function expectFocused(locator: Locator) {
    await expect.poll(() => isFocused(locator), { message: `focus on ${locator.toString()}` }).toBe(true);
  }

  async function expectAttribute(locator: Locator, name: string, value: string) {
    await expect.poll(() => locator.getAttribute(name)).toBe(value);
  }

  function demoUser(role: string) {
    const user = harness.demo.users.find((entry) => entry.role === role);
    if (!user) throw new Error(`The demo has no ${role}.`);
    return user;
  }

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

  type DemoAccount = { id: string; accountNumber: string; customerId: string };

  async function demoAccount(offset = 0): Promise<DemoAccount> {
    const accounts = await apiRequest<{ items: DemoAccount[] }>(
      'GET',
      `/v1/accounts?limit=1&offset=${offset}`,
    );
    const account = accounts.items[0];
    if (!account) throw new Error(`The demo has no account at offset ${offset}.`);
    return account;
  }

  async function firstBillId(accountId: string): Promise<string> {
    const bills = await apiRequest<{ items: { id: string }[] }>(
      'GET',
      `/v1/accounts/${accountId}/bills?limit=1`,
    );
    const bill = bills.items[0];
    if (!bill) throw new Error(`The demo account ${accountId} has no bill.`);
    return bill.id;
  }

  async function postPayment(accountId: string): Promise<string> {
    const balance = await apiRequest<{ currency: string }>('GET', `/v1/accounts/${accountId}/balance`);
    const payment = await apiRequest<{ id: string }>('POST', '/v1/payments', {
      accountId,
      amountMinor: '1250',
      currency: balance.currency,
      method: 'transfer',
    });
    return payment.id;
  }

  /** Signs in by filling the form. The keyboard walkthroughs sign in with the keyboard instead. */
  async function signIn(page: Page, language: Language) {
    const text = messages[language];
    const user = demoUser('administrator');
    await page.goto('/sign-in');
    await page.getByLabel(text.signIn.company).fill(harness.demo.companyCode);
    await page.getByLabel(text.signIn.email).fill(user.user);
    await page.locator('input[autocomplete="current-password"]').fill(user.demoPassword);
    await page.getByRole('button', { name: text.signIn.submit, exact: true }).click();
    await page.getByRole('heading', { name: text.customers.title, level: 1 }).waitFor();
  }

  /**
   * Waits until no loader shows and every transition has ended, so that axe checks the loaded screen,
   * and not a spinner or a menu that is still fading in (which lowers the contrast it measures).
   */
  async function settle(page: Page) {
    await page.waitForFunction(
      () =>
        document.querySelector('.mantine-Loader-root') === null &&
        [...document.querySelectorAll('[data-portal] [style*="opacity"]')].every(
          (element) => getComputedStyle(element).opacity === '1',
        ) &&
        document
          .getAnimations()
          .every(
            (animation) =>
              animation.playState !== 'running' ||
              animation.effect?.getComputedTiming().iterations === Infinity,
          ),
      undefined,
      { timeout: 20_000 },
    );
  }

  async function expectAccessible(page: Page, screen: string) {
    await settle(page);
    const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    const failures = results.violations.filter(
      (violation) =>
        violation.tags.some((tag) => tag.startsWith('wcag')) ||
        violation.impact === 'serious' ||
        violation.impact === 'critical',
    );
    const report = failures
      .map(
        (violation) =>
          `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}\n    ` +
          violation.nodes
            .map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
            .join('\n    '),
      )
      .join('\n');
    expect(report, `axe violations on ${screen}`).toBe('');
  }

  /**
   * Checks the screen, then each tab and each option of a segmented control, and then the screen with
   * every collapsed section and closed `details` opened.
   */
  async function expectEveryStateAccessible(page: Page, screen: string) {
    await expectAccessible(page, screen);
    const main = page.locator('main');
    const tabs = main.getByRole('tab');
    for (let index = 0; index < (await tabs.count()); index++) {
      await tabs.nth(index).click();
      await expectAccessible(page, `${screen}, tab ${index + 1}`);
    }
    const options = main.locator('.mantine-SegmentedControl-control label');
    for (let index = 0; index < (await options.count()); index++) {
      await options.nth(index).click();
      await expectAccessible(page, `${screen}, option ${(await options.nth(index).textContent()) ?? index}`);
    }
    const collapsed = main.locator('button[aria-expanded="false"]:not([aria-haspopup])');
    for (let count = await collapsed.count(); count > 0; count = await collapsed.count()) {
      await collapsed.first().click();
      if ((await collapsed.count()) === count) break;
    }
    const closedDetails = main.locator('details:not([open]) > summary');
    while ((await closedDetails.count()) > 0) await closedDetails.first().click();
    await expectAccessible(page, `${screen}, all sections open`);
  }

  /** Opens the column chooser of the first table on the screen, checks it, and closes it again. */
  async function expectColumnChooserAccessible(page: Page, language: Language, screen: string) {
    await page.getByRole('button', { name: messages[language].table.columns }).first().click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, `${screen}, column chooser`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  }

  for (const language of ['en', 'es'] as const) {
    const text = messages[language];

    it(`passes axe on sign-in and the reset page (${language})`, async () => {
      const { context, page } = await newPage(language);
      await page.goto('/sign-in');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page, 'sign-in');

      await page.getByLabel(text.signIn.company).fill(harness.demo.companyCode);
      await page.getByLabel(text.signIn.email).fill('nobody@demo.example');
      await page.locator('input[autocomplete="current-password"]').fill('wrong password');
      await page.getByRole('button', { name: text.signIn.submit, exact: true }).click();
      await page.locator('form [role="alert"]').waitFor();
      await expectAccessible(page, 'sign-in with an error');

      await page.getByRole('button', { name: new RegExp(escapeRegExp(text.signIn.sendLink)) }).click();
      await page.getByText(text.signIn.forgotSent).waitFor();
      await expectAccessible(page, 'forgot password');

      await page.goto(`/reset-password?lang=${language}`);
      await page.locator('#error').filter({ hasText: /\S/ }).waitFor();
      await expectAccessible(page, 'reset page');
      await context.close();
    });

    it(`passes axe on customers and customer 360 (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      await page.locator('main tbody tr').first().waitFor();
      await expectAccessible(page, 'customers');
      await expectColumnChooserAccessible(page, language, 'customers');
      await page.locator('header button[aria-haspopup="menu"]').click();
      await page.getByRole('menuitem', { name: text.header.signOut }).waitFor();
      await expectAccessible(page, 'user menu');
      await page.keyboard.press('Escape');

      const account = await demoAccount();
      await page.goto(`/customers/${account.customerId}`);
      await page.getByRole('heading', { level: 2, name: text.customers.accounts }).waitFor();
      await expectEveryStateAccessible(page, 'customer 360');
      await context.close();
    });

    it(`passes axe on every section of an account (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      const account = await demoAccount();
      await postPayment(account.id);
      await page.goto(`/accounts/${account.id}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(account.accountNumber) }).waitFor();
      await expectEveryStateAccessible(page, 'account');

      // The sections may sit in tabs, so each heading is looked for in the tab that shows it.
      const sections = [
        text.account.balance,
        text.account.openItems,
        text.account.agreements,
        text.account.meters,
        text.account.bills,
        text.account.statement,
        text.account.timeline,
      ];
      const seen = new Set<string>();
      const tabs = page.locator('main').getByRole('tab');
      const tabCount = await tabs.count();
      for (let index = 0; index < Math.max(1, tabCount); index++) {
        if (tabCount > 0) await tabs.nth(index).click();
        await settle(page);
        for (const heading of await page.locator('main').getByRole('heading').allTextContents())
          seen.add(heading.trim());
      }
      expect(sections.filter((section) => !seen.has(section))).toEqual([]);
      await expectColumnChooserAccessible(page, language, 'account bills');
      await context.close();
    });

    it(`passes axe on bills, a bill, its trace and print view (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      await page.goto('/bills');
      await page.locator('main tbody tr').first().waitFor();
      await expectAccessible(page, 'bills');
      await expectColumnChooserAccessible(page, language, 'bills');

      const account = await demoAccount();
      await page.goto(`/bills/${await firstBillId(account.id)}`);
      await page.getByRole('button', { name: interpolate(text.bill.showTrace, { line: 1 }) }).waitFor();
      await expectEveryStateAccessible(page, 'bill');
      await page.getByTestId('line-trace').first().waitFor();

      await page.emulateMedia({ media: 'print' });
      await page.getByRole('button', { name: text.common.print }).waitFor({ state: 'hidden' });
      await expectAccessible(page, 'bill print view');
      await context.close();
    });

    it(`passes axe on bill runs and a bill run (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      await page.goto('/bill-runs');
      await page.locator('main tbody tr').first().waitFor();
      await expectAccessible(page, 'bill runs');
      await expectColumnChooserAccessible(page, language, 'bill runs');

      await page.goto(`/bill-runs/${harness.demo.billRun.id}`);
      await page
        .getByTestId('bill-run-status')
        .filter({ hasText: text.billRuns.statuses.completed })
        .waitFor();
      await expectAccessible(page, 'bill run');
      await context.close();
    });

    it(`passes axe on tariffs, a tariff and its rate check (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      await page.goto('/tariffs');
      await page.locator('main tbody tr').first().waitFor();
      await expectAccessible(page, 'tariffs');

      await page.goto(`/tariffs/${harness.demo.tariffId}`);
      await page.getByRole('heading', { level: 2, name: text.tariffs.components }).waitFor();
      await page.getByRole('table', { name: text.tariffs.touGrid }).waitFor();
      await expectEveryStateAccessible(page, 'tariff');

      const rateCheck = page.locator('form', {
        has: page.getByRole('heading', { name: text.tariffs.rateCheck }),
      });
      await rateCheck.locator('label', { hasText: text.tariffs.typedUsage }).click();
      await rateCheck.getByLabel(text.tariffs.periodStart).fill('2026-11-01');
      await rateCheck.getByLabel(text.tariffs.periodEnd).fill('2026-12-01');
      await rateCheck.getByLabel(text.tariffs.energy).fill('abc');
      await rateCheck.getByRole('button', { name: text.tariffs.rateCheck }).click();
      await rateCheck.locator('[role="alert"], [aria-invalid="true"]').first().waitFor();
      await expectAccessible(page, 'rate check with an error');

      await rateCheck.getByLabel(text.tariffs.energy).fill('800');
      await rateCheck.getByRole('button', { name: text.tariffs.rateCheck }).click();
      await page.getByTestId('rate-check-result').waitFor();
      const closedTraces = page.getByTestId('rate-check-result').locator('details:not([open]) > summary');
      while ((await closedTraces.count()) > 0) await closedTraces.first().click();
      await expectAccessible(page, 'rate check result with its traces');
      await context.close();
    }, 120_000);

    it(`passes axe on payments and a payment (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      const account = await demoAccount(1);
      const posted = await postPayment(account.id);
      const reversed = await postPayment(account.id);
      await apiRequest('POST', `/v1/payments/${reversed}/reversal`, { reason: 'Cheque returned' });

      await page.goto('/payments');
      await page.locator('main tbody tr').first().waitFor();
      await expectAccessible(page, 'payments');
      await expectColumnChooserAccessible(page, language, 'payments');

      await page.goto(`/payments/${posted}`);
      await page.getByTestId('payment-status').filter({ hasText: text.payments.statuses.posted }).waitFor();
      await expectAccessible(page, 'posted payment');
      await page.goto(`/payments/${reversed}`);
      await page.getByTestId('payment-status').filter({ hasText: text.payments.statuses.reversed }).waitFor();
      await expectAccessible(page, 'reversed payment');
      await context.close();
    });

    it(`passes axe on search, not found and an error (${language})`, async () => {
      const { context, page } = await newPage(language);
      await signIn(page, language);
      const account = await demoAccount();
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: text.search.title }).fill(account.accountNumber);
      await page.getByRole('listbox').getByRole('option').first().waitFor();
      await expectAccessible(page, 'search with results');
      await page.getByRole('combobox', { name: text.search.title }).fill('zzzzzzzz');
      await page.getByText(interpolate(text.search.noResults, { query: 'zzzzzzzz' })).waitFor();
      await expectAccessible(page, 'search without results');
      await page.keyboard.press('Escape');

      await page.goto('/no-such-screen');
      await page.getByRole('heading', { level: 1, name: text.common.notFound }).waitFor();
      await expectAccessible(page, 'not found');

      // A missing bill shows the not-found state, so a failing server shows the error state with a retry.
      await page.route('**/v1/bills/*', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            title: 'Service Unavailable',
            status: 503,
            detail: 'The database is down.',
          }),
        }),
      );
      await page.goto('/bills/00000000-0000-4000-8000-000000000000');
      await page.getByRole('alert').filter({ hasText: text.common.errorTitle }).waitFor();
      await page.getByRole('button', { name: text.common.retry }).waitFor();
      await expectAccessible(page, 'error state');
      await context.close();
    });
  }

  describe('with the keyboard only', () => {
    const text = en;

    /** Returns why the focused element shows no focus indicator, or null when it shows one. */
    async function missingFocusIndicator(page: Page): Promise<string | null> {
      return page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const label =
          element.getAttribute('aria-label') ??
          (element as HTMLInputElement).labels?.[0]?.textContent ??
          element.textContent?.trim().slice(0, 40) ??
          '';
        const type = element.getAttribute('type');
        const describe = `${element.tagName.toLowerCase()}${type ? `[type=${type}]` : ''} "${label}"`;
        // Chromium 156 keeps the focus of a date field inside it, on a date part or its calendar button,
        // where the field itself never matches :focus-visible.
        const focusVisible = element.matches(':focus-visible, input[type="date"]:focus-within');
        if (!focusVisible) return `${describe} does not match :focus-visible`;
        // A radio or checkbox that is drawn by its label shows the ring on that label.
        const candidates = [element, element.closest('.mantine-Input-input')];
        if (element.matches('input[type="radio"], input[type="checkbox"]'))
          candidates.push(element.nextElementSibling);
        const hasRing = candidates.some((candidate) => {
          if (!candidate) return false;
          const style = getComputedStyle(candidate);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          return outline || style.boxShadow !== 'none';
        });
        return hasRing ? null : `${describe} has no outline or focus ring`;
      });
    }

    async function expectFocusVisible(page: Page) {
      expect(await missingFocusIndicator(page)).toBeNull();
    }

    /** Presses Tab (or Shift+Tab) until the target has the focus, checking the focus ring at each stop. */
    async function tabTo(page: Page, target: Locator, options: { backwards?: boolean; max?: number } = {}) {
      await target.waitFor();
      const key = options.backwards ? 'Shift+Tab' : 'Tab';
      const visited: string[] = [];
      for (let step = 0; step < (options.max ?? 120); step++) {
        if (await isFocused(target)) return;
        await page.keyboard.press(key);
        await expectFocusVisible(page);
        visited.push(
          await page.evaluate(() => {
            const element = document.activeElement;
            return `${element?.tagName.toLowerCase() ?? '-'} ${element?.getAttribute('aria-label') ?? element?.textContent?.trim().slice(0, 30) ?? ''}`;
          }),
        );
      }
      throw new Error(`Tab never reached ${target.toString()}. The focus visited:\n${visited.join('\n')}`);
    }

    async function expectFocusInside(page: Page, container: Locator, presses: string[]) {
      for (const key of presses) {
        await page.keyboard.press(key);
        expect(await container.evaluate((element) => element.contains(document.activeElement))).toBe(true);
        await expectFocusVisible(page);
      }
    }

    /** Types a date into a focused date field, whose segments take month, day and year in en-US. */
    async function typeDate(page: Page, field: Locator, isoDate: string) {
      const [year, month, day] = isoDate.split('-');
      await page.keyboard.type(`${month}${day}${year}`);
      expect(await field.inputValue()).toBe(isoDate);
    }

    async function signInWithKeyboard(page: Page) {
      const user = demoUser('administrator');
      await page.goto('/sign-in');
      await tabTo(page, page.getByLabel(text.signIn.company));
      await page.keyboard.type(harness.demo.companyCode);
      await page.keyboard.press('Tab');
      await page.keyboard.type(user.user);
      await page.keyboard.press('Tab');
      await expectFocused(page.locator('input[autocomplete="current-password"]'));
      await page.keyboard.type(user.demoPassword);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: text.customers.title, level: 1 }).waitFor();
      await page.locator('main tbody tr').first().waitFor();
    }

    async function openFromNavigation(page: Page, label: string) {
      await tabTo(page, page.getByRole('navigation').getByRole('link', { name: label }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
    }

    it('signs in and requests a reset link', async () => {
      const { context, page } = await newPage('en');
      await page.goto('/sign-in');
      await tabTo(page, page.getByLabel(text.signIn.company));
      await page.keyboard.type(harness.demo.companyCode);
      await page.keyboard.press('Tab');
      await page.keyboard.type(demoUser('administrator').user);
      await tabTo(page, page.getByRole('button', { name: new RegExp(escapeRegExp(text.signIn.sendLink)) }));
      await page.keyboard.press('Enter');
      await page.getByText(text.signIn.forgotSent).waitFor();
      await context.close();

      const signedIn = await newPage('en');
      await signInWithKeyboard(signedIn.page);
      await signedIn.context.close();
    });

    it('opens search with Ctrl+K and slash and returns focus', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      const account = await demoAccount(2);
      const searchInput = page.getByRole('combobox', { name: text.search.title });
      const billRunsLink = page.getByRole('navigation').getByRole('link', { name: text.nav.billRuns });

      for (const shortcut of ['Control+k', '/']) {
        await tabTo(page, billRunsLink);
        await page.keyboard.press(shortcut);
        await expectFocused(searchInput);
        await expectFocusInside(page, page.getByRole('dialog'), [
          'Tab',
          'Tab',
          'Tab',
          'Shift+Tab',
          'Shift+Tab',
          'Shift+Tab',
        ]);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        await expectFocused(billRunsLink);
      }

      await page.keyboard.press('/');
      await expectFocused(searchInput);
      await page.keyboard.type(account.accountNumber);
      await page.getByRole('listbox').getByRole('option').first().waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: new RegExp(account.accountNumber) }).waitFor();
      await context.close();
    });

    it('moves through the skip link, navigation and user menu', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);

      await page.keyboard.press('Tab');
      await expectFocused(page.getByRole('link', { name: text.app.skipToContent }));
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.locator('main').evaluate((main) => main.contains(document.activeElement))).toBe(true);

      const screens = [
        text.nav.bills,
        text.nav.billRuns,
        text.nav.tariffs,
        text.nav.payments,
        text.nav.customers,
      ];
      for (const label of screens) await openFromNavigation(page, label);

      const userButton = page.locator('header button[aria-haspopup="menu"]');
      await tabTo(page, userButton, { backwards: true });
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      await page.keyboard.press('ArrowDown');
      await expectFocused(page.getByRole('menuitem', { name: text.header.signOut }));
      await expectFocusVisible(page);
      await page.keyboard.press('Escape');
      await page.getByRole('menu').waitFor({ state: 'hidden' });
      await expectFocused(userButton);
      await context.close();
    });

    it('sorts, pages, hides, reorders and exports a table', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      const table = page.getByRole('table', { name: text.customers.title });
      const nameHeader = table.getByRole('columnheader', { name: text.customers.name });
      const headers = () => table.getByRole('columnheader').allTextContents();

      await tabTo(
        page,
        page.getByRole('button', { name: interpolate(text.table.sortBy, { column: text.customers.name }) }),
      );
      await page.keyboard.press('Enter');
      await expectAttribute(nameHeader, 'aria-sort', 'ascending');
      await page.keyboard.press('Enter');
      await expectAttribute(nameHeader, 'aria-sort', 'descending');

      await tabTo(page, page.getByRole('button', { name: '2', exact: true }));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.url()).toMatch(/[?&]page=2/);
      await tabTo(page, page.getByRole('button', { name: text.table.previous }), { backwards: true });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.url()).not.toMatch(/[?&]page=2/);

      await tabTo(page, page.getByRole('combobox', { name: text.table.pageSize }));
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.url()).toMatch(/[?&]size=50/);

      const columnsButton = page.getByRole('button', { name: text.table.columns });
      await tabTo(page, columnsButton, { backwards: true });
      await page.keyboard.press('Enter');
      const chooser = page.getByRole('dialog');
      await chooser.waitFor();
      await expectFocusInside(page, chooser, ['Tab', 'Tab', 'Tab', 'Shift+Tab']);
      const kindCheckbox = chooser.getByRole('checkbox', {
        name: interpolate(text.table.showColumn, { column: text.customers.kind }),
      });
      await tabTo(page, kindCheckbox);
      await page.keyboard.press('Space');
      await expect.poll(headers).not.toContain(text.customers.kind);
      await page.keyboard.press('Space');
      await expect.poll(headers).toContain(text.customers.kind);

      const before = await headers();
      await tabTo(
        page,
        chooser.getByRole('button', {
          name: interpolate(text.table.moveDown, { column: text.customers.kind }),
        }),
      );
      await page.keyboard.press('Enter');
      const kindIndex = before.indexOf(text.customers.kind);
      await expect
        .poll(headers)
        .toEqual([
          ...before.slice(0, kindIndex),
          before[kindIndex + 1],
          text.customers.kind,
          ...before.slice(kindIndex + 2),
        ]);
      expect(await chooser.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      await tabTo(
        page,
        chooser.getByRole('button', {
          name: interpolate(text.table.moveUp, { column: text.customers.kind }),
        }),
      );
      await page.keyboard.press('Enter');
      await expect.poll(headers).toEqual(before);
      await page.keyboard.press('Escape');
      await chooser.waitFor({ state: 'hidden' });
      await expectFocused(columnsButton);

      await tabTo(page, page.getByRole('link', { name: text.table.exportCsv }));
      const download = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const csv = await readFile(await (await download).path(), 'utf8');
      expect(csv.trim().split('\n').length).toBeGreaterThan(10);
      await context.close();
    });

    it('opens a bill and its trace', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      const account = await demoAccount();
      await page.keyboard.press('Control+k');
      await expectFocused(page.getByRole('combobox', { name: text.search.title }));
      await page.keyboard.type(account.accountNumber);
      await page.getByRole('listbox').getByRole('option').first().waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: new RegExp(account.accountNumber) }).waitFor();

      const billLink = page.getByRole('table', { name: text.account.bills }).getByRole('link').first();
      await tabTo(page, billLink);
      await page.keyboard.press('Enter');
      const showTrace = page.getByRole('button', { name: interpolate(text.bill.showTrace, { line: 1 }) });
      await tabTo(page, showTrace);
      await page.keyboard.press('Enter');
      await expectAttribute(showTrace, 'aria-expanded', 'true');
      await page.getByTestId('line-trace').first().waitFor();
      await page.keyboard.press('Space');
      await expectAttribute(showTrace, 'aria-expanded', 'false');
      await context.close();
    });

    it('starts a bill run', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      await openFromNavigation(page, text.nav.billRuns);
      const cutOff = page.getByLabel(new RegExp(`^${escapeRegExp(text.billRuns.cutOffOn)}`));
      await tabTo(page, cutOff);
      await typeDate(page, cutOff, todayIso());
      await tabTo(page, page.getByRole('button', { name: text.billRuns.start }));
      await page.keyboard.press('Enter');
      await page
        .getByTestId('bill-run-status')
        .filter({ hasText: text.billRuns.statuses.completed })
        .waitFor({ timeout: 60_000 });
      await context.close();
    }, 120_000);

    it('posts a payment and reverses it', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      const account = await demoAccount(4);
      await openFromNavigation(page, text.nav.payments);
      await tabTo(page, page.getByLabel(text.payments.account));
      await page.keyboard.type(account.accountNumber);
      await tabTo(page, page.getByLabel(new RegExp(`^${escapeRegExp(text.payments.amount)}`)));
      await page.keyboard.type('25.50');
      await tabTo(page, page.getByRole('button', { name: text.payments.post }));
      await page.keyboard.press('Enter');
      const status = page.getByTestId('payment-status');
      await status.filter({ hasText: text.payments.statuses.posted }).waitFor();

      await tabTo(page, page.getByLabel(text.payments.reason));
      await page.keyboard.type('Entered twice');
      await tabTo(page, page.getByRole('button', { name: text.payments.reverse }));
      await page.keyboard.press('Enter');
      await status.filter({ hasText: text.payments.statuses.reversed }).waitFor();
      await context.close();
    });

    it('opens a tariff and runs a rate check', async () => {
      const { context, page } = await newPage('en');
      await signInWithKeyboard(page);
      await openFromNavigation(page, text.nav.tariffs);
      await tabTo(page, page.getByRole('link', { name: 'JEMC-A-SCLIA' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: text.tariffs.components }).waitFor();

      const rateCheck = page.locator('form', {
        has: page.getByRole('heading', { name: text.tariffs.rateCheck }),
      });
      const start = rateCheck.getByLabel(text.tariffs.periodStart);
      await tabTo(page, start);
      await typeDate(page, start, '2026-11-01');
      const end = rateCheck.getByLabel(text.tariffs.periodEnd);
      await tabTo(page, end);
      await typeDate(page, end, '2026-12-01');
      await tabTo(page, rateCheck.getByLabel(text.tariffs.energy));
      await page.keyboard.type('800');
      await tabTo(page, rateCheck.getByRole('button', { name: text.tariffs.rateCheck }));
      await page.keyboard.press('Enter');
      const result = page.getByTestId('rate-check-result');
      await result.waitFor();

      const firstTrace = result.locator('details').first();
      await tabTo(page, firstTrace.locator('summary'));
      await page.keyboard.press('Enter');
      await expectAttribute(firstTrace, 'open', '');
      await context.close();
    });
  });
});
