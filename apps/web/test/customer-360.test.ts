import type { Locator, Page } from 'playwright-core';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { customerPremisesSchema } from '../../server/src/modules/agreements/domain/customer-premises-schemas.js';
import { formatAddressLine } from '../src/format/address.js';
import type { AccountWithAgreements, Agreement } from '../src/screens/accounts/account-types.js';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';
type CustomerPremises = z.infer<typeof customerPremisesSchema>;
/** An account read with a key that has agreements:read, so its agreements are never null. */
type SuppliedAccount = AccountWithAgreements & { agreements: Agreement[] };

const locales: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

const texts = {
  en: {
    agreements: 'Agreements',
    meters: 'Installed meters',
    premises: 'Premises and service points',
    services: { electricity: 'Electricity', gas: 'Gas', water: 'Water' },
    openEnded: 'Open-ended',
    stillInstalled: 'Still installed',
    notRecorded: 'Not recorded',
    noAgreements: 'This account has no service agreements.',
    noPremises: 'No account of this customer has a service agreement yet.',
  },
  es: {
    agreements: 'Contratos',
    meters: 'Contadores instalados',
    premises: 'Inmuebles y puntos de suministro',
    services: { electricity: 'Electricidad', gas: 'Gas', water: 'Agua' },
    openEnded: 'Sin fecha de fin',
    stillInstalled: 'Sigue instalado',
    notRecorded: 'Sin registrar',
    noAgreements: 'Esta cuenta no tiene contratos de suministro.',
    noPremises: 'Ninguna cuenta de este cliente tiene todavía un contrato de suministro.',
  },
} as const;

describe('customer 360 in Chromium', () => {
  let harness: BrowserHarness;
  /** The demo account whose meter was exchanged during the billed month, so it lists two meters. */
  let exchangeAccount: SuppliedAccount;
  let exchangePremises: CustomerPremises;
  /** An account added to the demo without any agreement, and its customer. */
  let bareAccount: { id: string; customerId: string };

  beforeAll(async () => {
    harness = await startBrowserHarness();
    exchangeAccount = await findExchangeAccount();
    exchangePremises = await api<CustomerPremises>(
      'GET',
      `/v1/customers/${exchangeAccount.customerId}/premises`,
    );
    bareAccount = await buildAccountWithoutAgreements();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${harness.url}${path}`, {
      method,
      headers: {
        'x-api-key': harness.demo.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} returned ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async function findExchangeAccount(): Promise<SuppliedAccount> {
    const accounts = await api<{ items: { id: string }[] }>('GET', '/v1/accounts?limit=100');
    for (const { id } of accounts.items) {
      const account = await api<SuppliedAccount>('GET', `/v1/accounts/${id}`);
      if ((account.agreements[0]?.servicePoint?.meters?.length ?? 0) > 1) return account;
    }
    throw new Error('The demo utility has no account whose meter was exchanged.');
  }

  async function buildAccountWithoutAgreements(): Promise<{ id: string; customerId: string }> {
    const customer = await api<{ id: string }>('POST', '/v1/customers', {
      kind: 'person',
      givenName: 'Nora',
      familyName: 'Supply',
    });
    const account = await api<{ id: string }>('POST', '/v1/accounts', {
      customerId: customer.id,
      billCycleId: harness.demo.billCycleId,
      billDelivery: 'post',
    });
    return { id: account.id, customerId: customer.id };
  }

  /** Formats a calendar date in the page, with the same Intl options as the app, so both use one ICU. */
  function formatDate(page: Page, language: Language, date: string): Promise<string> {
    return page.evaluate(
      ([locale, value]) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
          new Date(`${value}T00:00:00Z`),
        ),
      [locales[language], date] as const,
    );
  }

  async function cellTexts(row: Locator): Promise<string[]> {
    return (await row.locator('td, th').allInnerTexts()).map((text) => text.trim());
  }

  function cardOf(page: Page, heading: string): Locator {
    return page
      .locator('.mantine-Card-root')
      .filter({ has: page.getByRole('heading', { name: heading, level: 2, exact: true }) });
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`agreements show supply details (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/accounts/${exchangeAccount.id}`);
      const table = page.getByTestId('account-agreements');
      await table.waitFor();

      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(exchangeAccount.agreements.length);
      for (const [index, agreement] of exchangeAccount.agreements.entries()) {
        const point = agreement.servicePoint;
        const tariff = agreement.tariff;
        if (!point?.marketId || !tariff) throw new Error(`Agreement ${agreement.id} lacks its details.`);
        const expected = [
          point.marketId,
          text.services[point.service],
          formatAddressLine(point.premise),
          `${tariff.code} – ${tariff.name}`,
          await formatDate(page, language, agreement.startOn),
          agreement.endOn ? await formatDate(page, language, agreement.endOn) : text.openEnded,
        ];
        expect(await cellTexts(rows.nth(index))).toEqual(expected);
        const tariffLink = rows.nth(index).getByRole('link', { name: expected[3] });
        expect(await tariffLink.getAttribute('href')).toBe(`/tariffs/${tariff.id}`);
        // The market id shows whole, in a monospace font.
        const marketId = rows.nth(index).getByText(point.marketId, { exact: true });
        expect(await marketId.evaluate((node) => getComputedStyle(node).fontFamily)).toMatch(/mono/i);
      }

      await expectNoSeriousAxeViolations(page);
      await context.close();
    });

    it(`exchanged meters with registers (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/accounts/${exchangeAccount.id}`);
      const card = page.getByTestId('installed-meters');
      await card.waitFor();
      await expect(card.getByRole('heading', { name: text.meters, level: 2 }).count()).resolves.toBe(1);

      const agreement = exchangeAccount.agreements[0] as Agreement;
      const point = agreement.servicePoint!;
      const section = card.getByRole('region', { name: new RegExp(point.marketId!) });
      await expect(section.getByRole('heading', { level: 3 }).innerText()).resolves.toContain(
        formatAddressLine(point.premise),
      );
      const meters = point.meters!;
      expect(meters.length).toBe(2);
      const rows = section.locator('tbody tr');
      expect(await rows.count()).toBe(meters.length);
      for (const [index, meter] of meters.entries()) {
        const registers = meter.registers.map((register) => `${register.code} · ${register.unit}`);
        expect(await cellTexts(rows.nth(index))).toEqual([
          meter.serialNumber,
          [meter.manufacturer, meter.model].filter(Boolean).join(' ') || text.notRecorded,
          await formatDate(page, language, meter.installedOn),
          meter.removedOn ? await formatDate(page, language, meter.removedOn) : text.stillInstalled,
          registers.join('\n'),
        ]);
      }
      // Newest installation first: the replacement meter is still installed, the old one was removed.
      expect(meters[0]?.removedOn).toBeNull();
      expect(meters[1]?.removedOn).toBe(meters[0]?.installedOn);

      await context.close();
    });

    it(`customer premises and service points (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/customers/${exchangeAccount.customerId}`);
      const card = page.getByTestId('customer-premises');
      await card.getByRole('table').first().waitFor();
      await expect(card.getByRole('heading', { name: text.premises, level: 2 }).count()).resolves.toBe(1);

      expect(exchangePremises.items.length).toBeGreaterThan(0);
      const sections = card.getByRole('region');
      expect(await sections.count()).toBe(exchangePremises.items.length);
      for (const [index, supply] of exchangePremises.items.entries()) {
        const section = sections.nth(index);
        await expect(section.getByRole('heading', { level: 3 }).innerText()).resolves.toBe(
          formatAddressLine(supply.premise),
        );
        const expectedRows: string[][] = [];
        for (const point of supply.servicePoints) {
          for (const [agreementIndex, agreement] of point.agreements.entries()) {
            const dates = [
              await formatDate(page, language, agreement.startOn),
              agreement.endOn ? await formatDate(page, language, agreement.endOn) : text.openEnded,
            ];
            const pointCells =
              agreementIndex === 0 ? [point.marketId ?? point.id, text.services[point.service]] : [];
            expectedRows.push([...pointCells, agreement.accountNumber, ...dates]);
          }
        }
        const rows = section.locator('tbody tr');
        const shownRows: string[][] = [];
        for (let row = 0; row < (await rows.count()); row += 1)
          shownRows.push(await cellTexts(rows.nth(row)));
        expect(shownRows).toEqual(expectedRows);
        const firstAgreement = supply.servicePoints[0]!.agreements[0]!;
        const accountLink = section.getByRole('link', { name: firstAgreement.accountNumber, exact: true });
        expect(await accountLink.getAttribute('href')).toBe(`/accounts/${firstAgreement.accountId}`);
      }
      // The customer's premise is the one the account page shows.
      expect(exchangePremises.items[0]?.premise.id).toBe(
        exchangeAccount.agreements[0]?.servicePoint?.premise.id,
      );

      await expectNoSeriousAxeViolations(page);
      await context.close();
    });

    it(`empty states without agreements (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/accounts/${bareAccount.id}`);
      const agreements = cardOf(page, text.agreements);
      await agreements.getByText(text.noAgreements, { exact: true }).waitFor();
      expect(await page.getByTestId('installed-meters').count()).toBe(0);
      await expectNoSeriousAxeViolations(page);

      await page.goto(`/customers/${bareAccount.customerId}`);
      await page.getByTestId('customer-premises').getByText(text.noPremises, { exact: true }).waitFor();
      await expectNoSeriousAxeViolations(page);
      await context.close();
    });
  }

  it('cashier sees no agreements', async () => {
    const { context, page } = await harness.newPage('en');
    await signInAsDemoUser(harness, page, 'en', 'cashier');
    await page.goto(`/accounts/${exchangeAccount.id}`);
    // The cashier lacks agreements:read, so the API leaves agreements out and the page shows no
    // agreements, meters or consumption.
    await page.getByRole('heading', { level: 1, name: new RegExp(exchangeAccount.accountNumber) }).waitFor();
    expect(await page.getByTestId('account-agreements').count()).toBe(0);
    expect(await page.getByTestId('installed-meters').count()).toBe(0);

    await page.goto(`/customers/${exchangeAccount.customerId}`);
    await page.getByRole('heading', { name: 'Accounts', level: 2 }).waitFor();
    expect(await page.getByTestId('customer-premises').count()).toBe(0);
    await context.close();
  });
});
