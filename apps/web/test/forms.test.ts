import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../server/src/platform/config/repository-root.js';
import { expectFieldMessage, expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

// Each form is tried three ways in each language. Input that its schema rejects shows a message in that
// language next to the field. An error that only the server finds shows next to the field too. Good
// input typed with the keyboard alone (Tab, typing, Enter) succeeds.

type Language = 'en' | 'es';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');
const demoTimeZone = 'America/New_York';

/** Labels and messages the tests look for, as the app's catalogs word them. */
const texts = {
  en: {
    company: 'Company code',
    email: 'Email',
    signIn: 'Sign in',
    forgot: 'Forgot your password? Email me a reset link',
    customers: 'Customers',
    companyRequired: 'Company code is required: fill it in.',
    emailTooShort: 'Email has 2 characters: enter at least 3.',
    passwordRequired: 'Password is required: fill it in.',
    signInFailed: 'Sign-in failed: the company code, email or password is wrong',
    account: 'Account number',
    amount: 'Amount',
    receivedOn: 'Received on',
    postPayment: 'Post a payment',
    accountRequired: 'Account number is required: fill it in.',
    invalidAmount: 'Invalid amount "abc": enter a positive number with at most 2 decimals.',
    posted: 'Posted',
    reason: 'Reason',
    reversedOn: 'Reversal date',
    reverse: 'Reverse this payment',
    reasonRequired: 'Reason is required: fill it in.',
    reversed: 'Reversed',
    cutOff: 'Cut-off date',
    startRun: 'Start a bill run',
    cutOffRequired: 'Cut-off date is required: fill it in.',
    urdbJson: 'URDB rate JSON',
    code: 'Code',
    importUrdb: 'Import a URDB rate',
    notUrdbJson: 'URDB rate JSON is not a URDB rate in JSON.',
    codeTooLong: 'Code has 65 characters: shorten it to 64 or fewer.',
    periodStart: 'First day',
    periodEnd: 'Day after the last day',
    energy: 'Energy (kWh)',
    rateCheck: 'Rate check',
    accountHistory: "An account's history",
    typedUsage: 'Typed usage',
    notQuantity: 'Energy (kWh): "abc" is not a quantity.',
    periodInvalid: 'Day after the last day (2026-02-01) must be 1 to 366 days after First day (2026-03-01).',
    unknownAccount: 'No account has the number "NO-SUCH-ACCOUNT"',
    energyGood: '350.5',
    receivedOnPrefix: 'The date received,',
    reversedOnPrefix: 'The reversal date,',
    cutOffPrefix: 'The cut-off date,',
    afterToday: 'is after today',
    beforeOpening: 'is before the account opened on',
    versionOverlap: 'overlaps a version that the tariff has already',
    effectiveFrom: 'From',
  },
  es: {
    company: 'Código de empresa',
    email: 'Correo electrónico',
    signIn: 'Entrar',
    forgot: '¿Ha olvidado su contraseña? Enviarme un enlace',
    customers: 'Clientes',
    companyRequired: 'Falta «Código de empresa»: rellene este campo.',
    emailTooShort: '«Correo electrónico» tiene 2 caracteres: escriba al menos 3.',
    passwordRequired: 'Falta «Contraseña»: rellene este campo.',
    signInFailed: 'No se pudo entrar: el código de empresa, el correo o la contraseña no son correctos',
    account: 'Número de cuenta',
    amount: 'Importe',
    receivedOn: 'Fecha de cobro',
    postPayment: 'Registrar un cobro',
    accountRequired: 'Falta «Número de cuenta»: rellene este campo.',
    invalidAmount: 'Importe no válido «abc»: escriba un número positivo con 2 decimales como máximo.',
    posted: 'Registrado',
    reason: 'Motivo',
    reversedOn: 'Fecha de anulación',
    reverse: 'Anular este cobro',
    reasonRequired: 'Falta «Motivo»: rellene este campo.',
    reversed: 'Anulado',
    cutOff: 'Fecha de corte',
    startRun: 'Lanzar una facturación',
    cutOffRequired: 'Falta «Fecha de corte»: rellene este campo.',
    urdbJson: 'JSON de la tarifa de URDB',
    code: 'Código',
    importUrdb: 'Importar una tarifa de URDB',
    notUrdbJson: '«JSON de la tarifa de URDB» no es una tarifa de URDB en JSON.',
    codeTooLong: '«Código» tiene 65 caracteres: acórtelo a 64 como máximo.',
    periodStart: 'Primer día',
    periodEnd: 'Día siguiente al último',
    energy: 'Energía (kWh)',
    rateCheck: 'Simulación de factura',
    accountHistory: 'Historial de una cuenta',
    typedUsage: 'Consumo escrito',
    notQuantity: '«Energía (kWh)»: «abc» no es una cantidad.',
    periodInvalid:
      '«Día siguiente al último» (2026-02-01) debe caer entre 1 y 366 días después de «Primer día» (2026-03-01).',
    unknownAccount: 'Ninguna cuenta tiene el número «NO-SUCH-ACCOUNT»',
    energyGood: '350,5',
    receivedOnPrefix: 'La fecha de cobro,',
    reversedOnPrefix: 'La fecha de anulación,',
    cutOffPrefix: 'La fecha de corte,',
    afterToday: 'es posterior a hoy',
    beforeOpening: 'es anterior a la apertura de la cuenta',
    versionOverlap: 'se solapa con una versión que la tarifa ya tiene',
    effectiveFrom: 'Desde',
  },
} satisfies Record<Language, Record<string, string>>;

/** Today's date in the demo company's time zone, moved by `days`, as YYYY-MM-DD. */
function demoDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: demoTimeZone }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Formats a calendar date (YYYY-MM-DD) as the app shows dates in `language`. */
function displayDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-US', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Matches a form control by the start of its label, which may end in Mantine's required mark. */
function labelled(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

describe('forms in Chromium', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  function demoUser(role: string) {
    const user = harness.demo.users.find((entry) => entry.role === role);
    if (!user) throw new Error(`The demo has no ${role}.`);
    return user;
  }

  async function expectFieldValid(field: Locator) {
    expect(await field.getAttribute('aria-invalid')).toBeNull();
  }

  /** Presses Tab until `target` has the focus, as a keyboard user reaches a field. */
  async function tabTo(page: Page, target: Locator) {
    for (let presses = 0; presses < 200; presses++) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error('The field cannot be reached with the Tab key.');
  }

  /** Tabs to a text field and replaces its text by typing. */
  async function typeInto(page: Page, field: Locator, text: string) {
    await tabTo(page, field);
    await page.keyboard.press('ControlOrMeta+A');
    if (text === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(text);
  }

  /**
   * Tabs to a date field and types `isoDate` into its day, month and year parts, in the order the
   * browser's locale shows them.
   */
  async function typeDate(page: Page, field: Locator, isoDate: string) {
    await tabTo(page, field);
    // Tab moves between the parts of a date field, so the focus may be on a later part: go to the first.
    for (let part = 0; part < 3; part++) await page.keyboard.press('ArrowLeft');
    const order = await page.evaluate(() =>
      new Intl.DateTimeFormat(navigator.language)
        .formatToParts(new Date(2000, 10, 22))
        .map((part) => part.type)
        .filter((type) => type === 'year' || type === 'month' || type === 'day'),
    );
    const [year, month, day] = isoDate.split('-') as [string, string, string];
    const values = { year, month, day };
    for (const type of order) await page.keyboard.type(values[type]);
    expect(await field.inputValue()).toBe(isoDate);
  }

  async function apiRequest<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
    const response = await fetch(`${harness.url}${pathAndQuery}`, {
      method,
      headers: {
        'x-api-key': harness.demo.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as T;
  }

  async function demoAccountNumber(offset: number): Promise<string> {
    const accounts = await apiRequest<{ items: { accountNumber: string }[] }>(
      'GET',
      `/v1/accounts?limit=1&offset=${offset}`,
    );
    const accountNumber = accounts.items[0]?.accountNumber;
    if (!accountNumber) throw new Error(`The demo has no account at offset ${offset}.`);
    return accountNumber;
  }

  for (const language of ['en', 'es'] as const) {
    const text = texts[language];

    it(`sign-in form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      const user = demoUser('administrator');
      await page.goto('/sign-in');
      const company = page.getByLabel(labelled(text.company));
      const email = page.getByLabel(labelled(text.email));
      const password = page.locator('input[autocomplete="current-password"]');
      const submit = page.getByRole('button', { name: text.signIn, exact: true });

      await company.fill('');
      await email.fill('ab');
      await submit.click();
      await expectFieldMessage(page, company, text.companyRequired);
      await expectFieldMessage(page, email, text.emailTooShort);
      await expectFieldMessage(page, password, text.passwordRequired);
      expect(await email.inputValue()).toBe('ab');
      await expectNoSeriousAxeViolations(page);

      // The reset link sends the company and email alone, checked with the reset request's schema.
      await page.getByRole('button', { name: text.forgot }).click();
      await expectFieldMessage(page, company, text.companyRequired);
      await expectFieldMessage(page, email, text.emailTooShort);
      await expectFieldValid(password);

      await company.fill(harness.demo.companyCode);
      await email.fill(user.user);
      await password.fill('wrong password, on purpose');
      await submit.click();
      await page.getByRole('alert').filter({ hasText: text.signInFailed }).waitFor();
      expect(await company.inputValue()).toBe(harness.demo.companyCode);
      expect(await email.inputValue()).toBe(user.user);
      expect(await password.inputValue()).toBe('wrong password, on purpose');
      await expectFieldValid(email);

      // The server names no field on a failed sign-in, so that a reply cannot tell which accounts exist.
      // A stubbed 400 that names the email checks where such a message shows.
      await page.route('**/v1/auth/sessions', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            detail: 'The request has invalid fields: email: not an email address',
            code: 'HTTP.VALIDATION_FAILED',
            errors: [{ path: 'email', message: 'not an email address' }],
          }),
        }),
      );
      await submit.click();
      await expectFieldMessage(page, email, 'not an email address');
      expect(await page.getByRole('alert').count()).toBe(0);
      await page.unroute('**/v1/auth/sessions');

      await typeInto(page, company, harness.demo.companyCode);
      await typeInto(page, email, user.user);
      await typeInto(page, password, user.demoPassword);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: text.customers, level: 1 }).waitFor();
      await context.close();
    });

    it(`payment form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      const accountNumber = await demoAccountNumber(language === 'en' ? 5 : 6);
      await page.goto('/payments');
      const account = page.getByLabel(labelled(text.account));
      const amount = page.getByLabel(labelled(text.amount));
      const receivedOn = page.getByLabel(labelled(text.receivedOn));
      const submit = page.getByRole('button', { name: text.postPayment });

      await amount.fill('abc');
      await submit.click();
      await expectFieldMessage(page, account, text.accountRequired);
      await expectFieldMessage(page, amount, text.invalidAmount);
      expect(await amount.inputValue()).toBe('abc');
      await expectNoSeriousAxeViolations(page);

      await account.fill(accountNumber);
      await amount.fill('10');
      await receivedOn.fill(demoDate(30));
      await submit.click();
      await expectFieldMessage(
        page,
        receivedOn,
        `${text.receivedOnPrefix} ${displayDate(demoDate(30), language)}, ${text.afterToday}`,
      );
      await expectFieldValid(amount);
      expect(await account.inputValue()).toBe(accountNumber);
      expect(await amount.inputValue()).toBe('10');

      // The server rejects a date before the account opened, and the form words its problem.
      await receivedOn.fill('2000-01-01');
      await submit.click();
      await expectFieldMessage(
        page,
        receivedOn,
        `${text.receivedOnPrefix} ${displayDate('2000-01-01', language)}, ${text.beforeOpening}`,
      );
      expect(await page.getByRole('alert').count()).toBe(0);

      await typeDate(page, receivedOn, demoDate(-1));
      await typeInto(page, amount, language === 'en' ? '12.50' : '12,50');
      await page.keyboard.press('Enter');
      await page.getByTestId('payment-status').filter({ hasText: text.posted }).waitFor();
      await context.close();
    });

    it(`payment reversal form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      const accounts = await apiRequest<{ items: { id: string }[] }>('GET', '/v1/accounts?limit=1&offset=7');
      const payment = await apiRequest<{ id: string }>('POST', '/v1/payments', {
        accountId: accounts.items[0]?.id,
        amountMinor: '500',
        currency: 'USD',
        method: 'cash',
        receivedOn: demoDate(-3),
      });
      await page.goto(`/payments/${payment.id}`);
      const reason = page.getByLabel(labelled(text.reason));
      const reversedOn = page.getByLabel(labelled(text.reversedOn));
      const submit = page.getByRole('button', { name: text.reverse });
      expect(await reversedOn.inputValue()).toBe(demoDate());

      await submit.click();
      await expectFieldMessage(page, reason, text.reasonRequired);
      await expectNoSeriousAxeViolations(page);

      await reason.fill('Entered twice');
      await reversedOn.fill(demoDate(30));
      await submit.click();
      await expectFieldMessage(
        page,
        reversedOn,
        `${text.reversedOnPrefix} ${displayDate(demoDate(30), language)}, ${text.afterToday}`,
      );
      await expectFieldValid(reason);
      expect(await reason.inputValue()).toBe('Entered twice');

      await typeDate(page, reversedOn, demoDate(-1));
      await typeInto(page, reason, 'Cheque bounced');
      await page.keyboard.press('Enter');
      await page.getByTestId('payment-status').filter({ hasText: text.reversed }).waitFor();
      await context.close();
    });

    it(`bill run form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto('/bill-runs');
      const cutOff = page.getByLabel(labelled(text.cutOff));
      const submit = page.getByRole('button', { name: text.startRun });

      await submit.click();
      await expectFieldMessage(page, cutOff, text.cutOffRequired);
      await expectNoSeriousAxeViolations(page);

      await cutOff.fill(demoDate(30));
      await submit.click();
      await expectFieldMessage(
        page,
        cutOff,
        `${text.cutOffPrefix} ${displayDate(demoDate(30), language)}, ${text.afterToday}`,
      );
      expect(await cutOff.inputValue()).toBe(demoDate(30));

      // A cut-off per language, so each test starts a run of its own.
      await typeDate(page, cutOff, demoDate(language === 'en' ? -2 : -3));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/bill-runs\/[0-9a-f-]{36}$/);
      await page.getByTestId('bill-run-status').waitFor();
      await context.close();
    });

    it(`URDB import form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto('/tariffs');
      const urdbJson = page.getByLabel(labelled(text.urdbJson));
      const code = page.getByLabel(labelled(text.code));
      const submit = page.getByRole('button', { name: text.importUrdb });

      await urdbJson.fill('{"items": [');
      await code.fill('x'.repeat(65));
      await submit.click();
      await expectFieldMessage(page, urdbJson, text.notUrdbJson);
      await expectFieldMessage(page, code, text.codeTooLong);
      await expectNoSeriousAxeViolations(page);

      const broken = await readFile(
        path.join(urdbFolder, 'invalid/dixie-escalante-net-metering-missing-rate.json'),
        'utf8',
      );
      await urdbJson.fill(broken);
      await code.fill(`dixie-${language}`);
      await submit.click();
      await expectFieldMessage(page, urdbJson, 'energyratestructure');
      await expectFieldValid(code);
      expect(await code.inputValue()).toBe(`dixie-${language}`);
      expect(await urdbJson.inputValue()).toBe(broken);

      const document = await readFile(path.join(urdbFolder, 'georgia-power-tou-gsd-10.json'), 'utf8');
      await tabTo(page, urdbJson);
      await page.keyboard.press('ControlOrMeta+A');
      // Typing 13 kB one key at a time would be slow, so the document is inserted as a paste inserts it.
      await page.keyboard.insertText(document);
      await typeInto(page, code, `georgia-gsd-10-${language}`);
      await tabTo(page, submit);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/tariffs\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: new RegExp(`georgia-gsd-10-${language}`) }).waitFor();

      // The same rate again overlaps the version just imported, which the server rejects with a conflict.
      await page.goto('/tariffs');
      await urdbJson.fill(document);
      await code.fill(`georgia-gsd-10-${language}`);
      await submit.click();
      const importForm = page.getByRole('form', { name: text.importUrdb });
      const effectiveFrom = importForm.getByLabel(text.effectiveFrom, { exact: true });
      await expectFieldMessage(page, effectiveFrom, text.versionOverlap);
      await context.close();
    });

    it(`rate check form (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);
      await page.goto(`/tariffs/${harness.demo.tariffId}`);
      const periodStart = page.getByLabel(labelled(text.periodStart));
      const periodEnd = page.getByLabel(labelled(text.periodEnd));
      const energy = page.getByLabel(labelled(text.energy));
      const submit = page.getByRole('button', { name: text.rateCheck });

      await periodStart.fill('2026-03-01');
      await periodEnd.fill('2026-02-01');
      await energy.fill('abc');
      await submit.click();
      await expectFieldMessage(page, energy, text.notQuantity);
      await expectFieldMessage(page, periodEnd, text.periodInvalid);
      await expectFieldValid(periodStart);
      await expectNoSeriousAxeViolations(page);

      await page.getByText(text.accountHistory).click();
      const account = page.getByLabel(labelled(text.account));
      await account.fill('NO-SUCH-ACCOUNT');
      await submit.click();
      await expectFieldMessage(page, account, text.unknownAccount);
      await page.getByText(text.typedUsage).click();

      // The demo tariff is in force from 2017, so the server finds no version for 2010.
      await periodStart.fill('2010-01-01');
      await periodEnd.fill('2010-02-01');
      await energy.fill('100');
      await submit.click();
      await expectFieldMessage(page, periodStart, '2010-01-01');
      expect(await energy.inputValue()).toBe('100');
      expect(await periodEnd.inputValue()).toBe('2010-02-01');

      await typeDate(page, periodStart, '2026-01-01');
      await typeDate(page, periodEnd, '2026-02-01');
      await typeInto(page, energy, text.energyGood);
      await page.keyboard.press('Enter');
      await page.getByTestId('rate-check-result').waitFor();
      await expectFieldValid(energy);
      await context.close();
    });
  }
});
