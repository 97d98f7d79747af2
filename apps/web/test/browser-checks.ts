import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserHarness } from './browser-harness.js';

const signInTexts = {
  en: {
    company: 'Company code',
    email: 'Email',
    signIn: 'Sign in',
    customers: 'Customers',
    agent: 'Vending agent',
    sell: 'Sell prepaid units',
    customer: 'Customer',
    topUps: 'My top-ups',
  },
  es: {
    company: 'Código de empresa',
    email: 'Correo electrónico',
    signIn: 'Entrar',
    customers: 'Clientes',
    agent: 'Agente de venta',
    sell: 'Vender unidades prepago',
    customer: 'Cliente',
    topUps: 'Mis recargas',
  },
} as const;

type DemoUser = BrowserHarness['demo']['users'][number];

/** Signs in as the demo user of `role` in the page's language and waits for the customer list. */
export async function signInAsDemoUser(
  harness: BrowserHarness,
  page: Page,
  language: 'en' | 'es',
  role = 'administrator',
): Promise<void> {
  const user = harness.demo.users.find((entry) => entry.role === role);
  if (!user) throw new Error(`The demo has no user with the role ${role}.`);
  await signIn(harness, page, language, user);
}

/**
 * Signs in as the demo vending agent's login (kind agent) in the page's language and waits for the
 * vending screen, where an agent starts.
 */
export async function signInAsDemoAgent(
  harness: BrowserHarness,
  page: Page,
  language: 'en' | 'es',
): Promise<void> {
  const user = harness.demo.users.find((entry) => entry.kind === 'agent');
  if (!user) throw new Error('The demo has no user of kind agent.');
  await signIn(harness, page, language, user);
}

/**
 * Signs in as the demo's prepaid customer (kind customer) in the page's language and waits for the
 * self-service top-ups, where a customer starts.
 */
export async function signInAsDemoCustomer(
  harness: BrowserHarness,
  page: Page,
  language: 'en' | 'es',
): Promise<void> {
  const user = harness.demo.users.find((entry) => entry.kind === 'customer');
  if (!user) throw new Error('The demo has no user of kind customer.');
  await signIn(harness, page, language, user);
}

/** Signs in with the sign-in form as `user` of its kind, and waits for the screen where that kind starts. */
export async function signIn(
  harness: BrowserHarness,
  page: Page,
  language: 'en' | 'es',
  user: Pick<DemoUser, 'user' | 'kind' | 'demoPassword'>,
): Promise<void> {
  const text = signInTexts[language];
  await page.goto('/');
  if (user.kind !== 'staff') await page.getByRole('radio', { name: text[user.kind] }).check();
  await page.getByLabel(text.company).fill(harness.demo.companyCode);
  await page.getByLabel(text.email).fill(user.user);
  await page.locator('input[autocomplete="current-password"]').fill(user.demoPassword);
  await page.getByRole('button', { name: text.signIn, exact: true }).click();
  const landing = { staff: text.customers, agent: text.sell, customer: text.topUps }[user.kind];
  const heading = page.getByRole('heading', { name: landing, level: 1 });
  const alert = page.getByRole('alert');
  await heading.or(alert).first().waitFor();
  if (!(await heading.isVisible())) {
    throw new Error(`Sign-in as ${user.user} failed: ${await alert.first().innerText()}`);
  }
}

/** Runs axe with the WCAG 2 A and AA rules and expects no serious or critical violation on the page. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(
    serious
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      )
      .join('\n'),
  ).toBe('');
}

/** Checks that `field` is marked invalid and that the text it points to with aria-describedby contains `message`. */
export async function expectFieldMessage(page: Page, field: Locator, message: string): Promise<void> {
  // Polled until the message shows, because a field stays marked invalid from an earlier submit while
  // its message is cleared or replaced.
  const describe = async () => {
    const ids = (await field.getAttribute('aria-describedby'))?.split(' ').filter(Boolean) ?? [];
    const descriptions = await Promise.all(
      ids.map(async (id) => {
        const description = page.locator(`[id="${id}"]`);
        return (await description.count()) > 0 ? await description.innerText() : '';
      }),
    );
    return descriptions.join('\n');
  };
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  await expect.poll(describe).toContain(message);
}
