import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAsDemoUser } from './browser-checks.js';
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
});
