import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

describe('sessions across tabs in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function anAccountNumber(offset: number): Promise<string> {
    const response = await fetch(`${harness.url}/v1/accounts?limit=1&offset=${offset}`, {
      headers: { 'x-api-key': harness.demo.apiKey },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { accountNumber: string }[] };
    const accountNumber = page.items[0]?.accountNumber;
    if (!accountNumber) throw new Error('The demo has too few accounts.');
    return accountNumber;
  }

  async function postPayment(page: Page, amount: string): Promise<void> {
    await page.getByLabel('Account number').fill(await anAccountNumber(5));
    await page.getByLabel(/^Amount/).fill(amount);
    await page.getByRole('button', { name: 'Post a payment' }).click();
  }

  async function signOut(page: Page): Promise<void> {
    // The user menu of the demo cashier, whose display name is its label.
    await page.getByRole('button', { name: 'Carl Cashier' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
  }

  it('posts and signs out from a second tab', async () => {
    const { context, page: first } = await harness.newPage('en');
    await signInAsDemoUser(harness, first, 'en', 'cashier');
    const second = await context.newPage();
    await second.goto('/payments');

    await postPayment(second, '12.00');
    await second.getByTestId('payment-status').filter({ hasText: 'Posted' }).waitFor();
    await signOut(second);
    await second.waitForURL(/\/sign-in/);

    // The payments screen lists payments, so opening it is the first tab's next request.
    await first.getByRole('link', { name: 'Payments' }).click();
    await first.waitForURL(/\/sign-in\?expired=1/);
    await first.getByText('Your session has ended').waitFor();
    const session = await first.request.get('/v1/auth/session');
    expect(session.status()).toBe(401);
    await context.close();
  });

  it('shows a failed sign-out and stays', async () => {
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    await page.route('**/v1/auth/session', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              title: 'Service Unavailable',
              status: 503,
              detail: 'The server is restarting.',
            }),
          })
        : route.continue(),
    );

    await signOut(page);

    await page.getByRole('alert').filter({ hasText: 'Sign-out failed: the session is still open' }).waitFor();
    expect(page.url()).not.toContain('/sign-in');
    await page.unroute('**/v1/auth/session');
    await signOut(page);
    await page.waitForURL(/\/sign-in/);
    expect((await page.request.get('/v1/auth/session')).status()).toBe(401);
    await context.close();
  });

  it('loads a lazy screen without console warnings', async () => {
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    const fresh = await context.newPage();
    const messages: string[] = [];
    fresh.on('console', (message) => {
      if (['warning', 'error'].includes(message.type()))
        messages.push(`${message.type()}: ${message.text()}`);
    });
    const failed: string[] = [];
    fresh.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });

    await fresh.goto('/payments');
    await fresh.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    await fresh.goto('/sign-in');
    await fresh.getByRole('button', { name: 'Sign in', exact: true }).waitFor();

    expect(messages).toEqual([]);
    expect(failed).toEqual([]);
    // Without an icon link, Chromium requests /favicon.ico, which the server does not serve.
    expect(await fresh.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const favicon = await fresh.request.get('/favicon.svg');
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toBe('image/svg+xml');
    await context.close();
  });

  it('styles the reset page and translates its errors', async () => {
    const { context, page } = await harness.newPage('es');
    const stylesheet = page.waitForResponse((response) => response.url().endsWith('/reset-password.css'));
    await page.goto('/reset-password?lang=es#token=cis_reset_unknown');
    expect((await stylesheet).status()).toBe(200);
    const border = await page.locator('main').evaluate((main) => getComputedStyle(main).borderTopStyle);
    expect(border).toBe('solid');

    await page.getByLabel(/^Contraseña nueva/).fill('purple elephants juggle');
    await page.getByLabel('La misma contraseña otra vez').fill('purple elephants juggle');
    await page.getByRole('button', { name: 'Guardar la contraseña' }).click();

    await page
      .getByRole('alert')
      .filter({ hasText: 'Este enlace no es válido, ya se usó o ha caducado' })
      .waitFor();
    await expectNoSeriousAxeViolations(page);
    await context.close();
  });

  it('links to sign-in after a reset', async () => {
    const created = await fetch(`${harness.url}/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': harness.demo.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'new.cashier@demo.example',
        displayName: 'New Cashier',
        roles: ['cashier'],
        kind: 'staff',
      }),
    });
    expect(created.status).toBe(201);
    const { passwordSetup } = (await created.json()) as { passwordSetup: { token: string } };
    const { context, page } = await harness.newPage('es');
    await page.goto(`/reset-password?lang=es#token=${encodeURIComponent(passwordSetup.token)}`);

    await page.getByLabel(/^Contraseña nueva/).fill('purple elephants juggle');
    await page.getByLabel('La misma contraseña otra vez').fill('purple elephants juggle');
    await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
    await page.getByText('Su contraseña está guardada').waitFor();
    await expectNoSeriousAxeViolations(page);
    await page.getByRole('link', { name: 'Ir a iniciar sesión' }).click();

    await page.getByRole('button', { name: 'Entrar', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
