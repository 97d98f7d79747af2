import type { Locator, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadHistoryResponse, RegisterHistory } from '../src/screens/accounts/read-periods.js';
import { expectNoSeriousAxeViolations, signInAsDemoUser } from './browser-checks.js';
import { startBrowserHarness, type BrowserHarness } from './browser-harness.js';

type Language = 'en' | 'es';
type Account = { id: string; accountNumber: string; agreements: { servicePointId: string }[] };
type Meter = { id: string; registers: { id: string; code: string }[] };
type IntervalBuckets = { buckets: { bucket: string; total: string }[] };

const locales: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

const texts = {
  en: {
    servicePoint: (name: string) => `Service point ${name} (electricity)`,
    register: (serial: string, code: string) => `Meter ${serial}, register ${code}`,
    readTypes: { actual: 'Actual', estimated: 'Estimated', customer: 'Customer read' },
    noMeter: 'No meter was installed at this service point in this window.',
    noReads: 'This register has no reads from',
    oneRead: 'One read so far: 4,321 on',
    estimatedOnly: 'Every period here is estimated',
    byHour: 'By hour, last 4 days',
    showTable: 'Show the figures as a table',
    noChannels: 'This service point has no interval data channels.',
  },
  es: {
    servicePoint: (name: string) => `Punto de suministro ${name} (electricidad)`,
    register: (serial: string, code: string) => `Contador ${serial}, registro ${code}`,
    readTypes: { actual: 'Real', estimated: 'Estimada', customer: 'Lectura del cliente' },
    noMeter: 'En este periodo no hubo ningún contador instalado en este punto de suministro.',
    noReads: 'Este registro no tiene lecturas del',
    oneRead: 'Por ahora hay una sola lectura: 4321 el',
    estimatedOnly: 'Todos los periodos son estimados',
    byHour: 'Por hora, últimos 4 días',
    showTable: 'Ver las cifras en una tabla',
    noChannels: 'Este punto de suministro no tiene canales de datos de intervalo.',
  },
} as const;

const readSources = { actual: 'field', customer: 'customer-portal', estimated: 'estimation' } as const;

/** Market ids of the service points this file adds to the demo, one per case the screen shows. */
const points = {
  noMeter: 'CHART-NO-METER',
  noReads: 'CHART-NO-READS',
  oneRead: 'CHART-ONE-READ',
  estimatedOnly: 'CHART-ESTIMATED',
  timeOfUse: 'CHART-TOU',
} as const;

describe('consumption on the account page in Chromium', () => {
  let harness: BrowserHarness;
  /** Demo accounts: one whose last period the bill run estimated, one whose meter was exchanged. */
  let estimatedAccount: Account;
  let exchangeAccount: Account;
  /** The account this file builds with every empty state, a time-of-use meter and interval data. */
  let madeAccount: Account;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    ({ estimatedAccount, exchangeAccount } = await findDemoAccounts());
    madeAccount = await buildAccountWithEveryCase();
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });

  async function api<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
    const response = await fetch(`${harness.url}${pathAndQuery}`, {
      method,
      headers: {
        'x-api-key': harness.demo.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathAndQuery} returned ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async function findDemoAccounts() {
    const accounts = await api<{ items: { id: string }[] }>('GET', '/v1/accounts?limit=100');
    let estimated: Account | undefined;
    let exchange: Account | undefined;
    for (const { id } of accounts.items) {
      const account = await api<Account>('GET', `/v1/accounts/${id}`);
      const servicePointId = account.agreements[0]?.servicePointId;
      if (!servicePointId) continue;
      const reads = await api<ReadHistoryResponse>('GET', `/v1/service-points/${servicePointId}/reads`);
      const periods = reads.registers.flatMap((history) => history.periods);
      if (!estimated && periods.some((period) => period.estimated)) estimated = account;
      if (!exchange && reads.registers.length > 1) exchange = account;
    }
    if (!estimated || !exchange) {
      throw new Error('The demo utility has no account with an estimated read or no meter exchange.');
    }
    return { estimatedAccount: estimated, exchangeAccount: exchange };
  }

  /**
   * Adds a customer with one account and five service points to the demo, each at its own premise. They
   * cover no meter, a meter with no reads in the window, a meter with its install read only, a new meter
   * read by estimates only, and a time-of-use meter. That one has actual, customer and estimated reads on
   * two registers and a day of hourly interval data.
   */
  async function buildAccountWithEveryCase(): Promise<Account> {
    const customer = await api<{ id: string }>('POST', '/v1/customers', {
      kind: 'person',
      givenName: 'Chart',
      familyName: 'Reader',
    });
    const account = await api<{ id: string }>('POST', '/v1/accounts', {
      customerId: customer.id,
      billCycleId: harness.demo.billCycleId,
      billDelivery: 'post',
    });
    const today = Temporal.Now.plainDateISO('America/New_York');
    const start = today.with({ day: 1 }).subtract({ months: 4 });
    const month = (count: number) => start.add({ months: count }).toString();

    // A premise takes one service point per service, so each case gets its own premise.
    const servicePoint = async (marketId: string) => {
      const premise = await api<{ id: string }>('POST', '/v1/premises', {
        addressLine1: `${marketId} Chart Street`,
        city: 'Jefferson',
        country: 'US',
      });
      const point = await api<{ id: string }>('POST', '/v1/service-points', {
        premiseId: premise.id,
        service: 'electricity',
        marketId,
      });
      await api('POST', '/v1/agreements', {
        accountId: account.id,
        servicePointId: point.id,
        tariffId: harness.demo.tariffId,
        startOn: start.toString(),
      });
      return point.id;
    };
    const meter = (serialNumber: string, registers: { code: string; touPeriod?: string }[]) =>
      api<Meter>('POST', '/v1/meters', {
        serialNumber,
        service: 'electricity',
        registers: registers.map((register) => ({ ...register, unit: 'kWh', dials: 6 })),
      });
    const install = (
      meterId: string,
      servicePointId: string,
      reads: { registerCode: string; value: string }[],
      installedOn = start.toString(),
    ) => api('POST', '/v1/meter-installations', { meterId, servicePointId, installedOn, reads });
    const read = (registerId: string, readOn: string, value: string, kind: keyof typeof readSources) =>
      api('POST', '/v1/register-reads', {
        registerId,
        readOn,
        value,
        kind,
        source: readSources[kind],
      });

    await servicePoint(points.noMeter);

    // Every installation takes an install read, so a register without reads in the two-year window is
    // one installed before it and never read since.
    const noReads = await meter('CHART-NOREADS', [{ code: '1.8.0' }]);
    await install(
      noReads.id,
      await servicePoint(points.noReads),
      [{ registerCode: '1.8.0', value: '10' }],
      today.subtract({ years: 3 }).toString(),
    );

    const oneRead = await meter('CHART-ONEREAD', [{ code: '1.8.0' }]);
    await install(oneRead.id, await servicePoint(points.oneRead), [{ registerCode: '1.8.0', value: '4321' }]);

    const estimatedOnly = await meter('CHART-ESTIMATED', [{ code: '1.8.0' }]);
    await install(estimatedOnly.id, await servicePoint(points.estimatedOnly), [
      { registerCode: '1.8.0', value: '0' },
    ]);
    const estimatedRegister = estimatedOnly.registers[0]!.id;
    await read(estimatedRegister, month(1), '1000', 'estimated');
    await read(estimatedRegister, month(2), '1550.5', 'estimated');

    const timeOfUse = await meter('CHART-TOU', [
      { code: '1.8.1', touPeriod: 'peak' },
      { code: '1.8.2', touPeriod: 'off-peak' },
    ]);
    const timeOfUsePoint = await servicePoint(points.timeOfUse);
    await install(timeOfUse.id, timeOfUsePoint, [
      { registerCode: '1.8.1', value: '100' },
      { registerCode: '1.8.2', value: '200' },
    ]);
    const [peak, offPeak] = timeOfUse.registers;
    await read(peak!.id, month(1), '350', 'actual');
    await read(peak!.id, month(2), '612.25', 'customer');
    await read(peak!.id, month(3), '900', 'estimated');
    await read(offPeak!.id, month(1), '1200', 'actual');
    await read(offPeak!.id, month(2), '2650', 'actual');

    // Hourly readings over the whole local day before yesterday, so both views show them.
    const dayStart = today.subtract({ days: 2 }).toZonedDateTime('America/New_York');
    const rows = Array.from({ length: dayStart.hoursInDay }, (_, hour) => {
      const startAt = dayStart.add({ hours: hour }).toInstant().toString();
      return `CHART-TOU,1,${startAt},60,${(0.25 * (hour + 1)).toFixed(2)},kWh`;
    });
    await api('POST', '/v1/interval-imports', {
      format: 'interval-csv',
      servicePointId: timeOfUsePoint,
      document: ['meter_serial,channel,interval_start,duration_minutes,value,unit', ...rows].join('\n'),
    });

    return api<Account>('GET', `/v1/accounts/${account.id}`);
  }

  async function openAccount(page: Page, account: Account) {
    await page.goto(`/accounts/${account.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(account.accountNumber) }).waitFor();
  }

  /** Checks one register's table and chart against the periods the API returns for it. */
  async function expectRegisterMatches(page: Page, language: Language, history: RegisterHistory) {
    const locale = locales[language];
    const section = page.getByRole('region', {
      name: texts[language].register(history.meterSerial, history.code),
    });
    const table = section.getByTestId('read-periods-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(history.periods.length);

    const reads = new Map(history.reads.map((read) => [read.id, read]));
    for (const [index, period] of history.periods.entries()) {
      const row = rows.nth(index);
      const times = row.locator('time');
      expect(await times.nth(0).getAttribute('datetime')).toBe(period.start);
      expect(await times.nth(1).getAttribute('datetime')).toBe(period.end);
      expect(squash(await times.nth(0).innerText())).toBe(squash(formatDate(locale, period.start)));
      expect(squash(await row.getByTestId('period-quantity').innerText())).toBe(
        squash(`${formatQuantity(locale, period.quantity ?? '')} ${history.unit}`),
      );
      const readType = expectedReadType(period, reads.get(period.endReadId)?.kind);
      expect(await row.locator('td').nth(2).innerText()).toBe(texts[language].readTypes[readType]);
    }

    await expectChartMatches(section.getByTestId('read-periods-chart'), page, locale, history);
  }

  /**
   * Checks that the chart draws one bar per measured period, left to right, with heights in the ratio of
   * the quantities, and that hovering a bar shows its period and quantity.
   */
  async function expectChartMatches(chart: Locator, page: Page, locale: string, history: RegisterHistory) {
    const measured = history.periods.filter((period) => period.quantity !== null);
    const bars = chart.locator('.recharts-bar-rectangle path');
    await bars.first().waitFor();
    // Bounding boxes are in viewport coordinates, and the mouse reaches only what is on the screen.
    await chart.scrollIntoViewIfNeeded();
    const boxes = (await Promise.all((await bars.all()).map((bar) => bar.boundingBox()))).filter(
      (box): box is NonNullable<typeof box> => box !== null && box.height > 0,
    );
    boxes.sort((a, b) => a.x - b.x);
    expect(boxes).toHaveLength(measured.length);

    const largest = Math.max(...measured.map((period) => Number(period.quantity)));
    const tallest = Math.max(...boxes.map((box) => box.height));
    for (const [index, period] of measured.entries()) {
      const box = boxes[index]!;
      expect(box.height / tallest).toBeCloseTo(Number(period.quantity) / largest, 1);

      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tooltip = chart.locator('.recharts-tooltip-wrapper');
      const expectedLabel = squash(formatShortRange(locale, period.start, period.end));
      await expect.poll(async () => squash(await tooltip.innerText())).toContain(expectedLabel);
      expect(squash(await tooltip.innerText())).toContain(
        squash(`${new Intl.NumberFormat(locale).format(Number(period.quantity))} ${history.unit}`),
      );
    }
  }

  async function readHistory(servicePointId: string): Promise<ReadHistoryResponse> {
    return api<ReadHistoryResponse>('GET', `/v1/service-points/${servicePointId}/reads`);
  }

  for (const language of ['en', 'es'] as const) {
    it(`matches the demo's periods (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      await signInAsDemoUser(harness, page, language);

      for (const account of [estimatedAccount, exchangeAccount]) {
        await openAccount(page, account);
        const histories = await readHistory(account.agreements[0]!.servicePointId);
        for (const history of histories.registers) await expectRegisterMatches(page, language, history);
        await page.getByText(texts[language].noChannels).first().waitFor();
        await expectNoSeriousAxeViolations(page);
      }

      // The estimated account's chart names both read types in its legend.
      await openAccount(page, estimatedAccount);
      const chart = page.getByTestId('read-periods-chart');
      await chart.getByText(texts[language].readTypes.estimated, { exact: true }).waitFor();
      await chart.getByText(texts[language].readTypes.actual, { exact: true }).waitFor();
      await context.close();
    }, 120_000);

    it(`shows empty states, read types and interval data (${language})`, async () => {
      const { context, page } = await harness.newPage(language);
      const text = texts[language];
      await signInAsDemoUser(harness, page, language);
      await openAccount(page, madeAccount);
      const pointSection = (marketId: string) =>
        page.getByRole('region', { name: text.servicePoint(marketId), exact: true });

      await pointSection(points.noMeter).getByText(text.noMeter).waitFor();
      await pointSection(points.noReads).getByText(text.noReads).waitFor();
      await pointSection(points.oneRead).getByText(text.oneRead).waitFor();
      await pointSection(points.estimatedOnly).getByText(text.estimatedOnly).waitFor();
      expect(await pointSection(points.oneRead).getByTestId('read-periods-chart').count()).toBe(0);

      const byMarketId = new Map<string, string>();
      for (const { servicePointId } of madeAccount.agreements) {
        const point = await api<{ marketId: string }>('GET', `/v1/service-points/${servicePointId}`);
        byMarketId.set(point.marketId, servicePointId);
      }
      for (const marketId of [points.estimatedOnly, points.timeOfUse]) {
        const histories = await readHistory(byMarketId.get(marketId)!);
        for (const history of histories.registers) await expectRegisterMatches(page, language, history);
      }
      const peakRows = pointSection(points.timeOfUse)
        .getByRole('region', { name: text.register('CHART-TOU', '1.8.1') })
        .locator('tbody tr td:nth-child(3)');
      expect(await peakRows.allInnerTexts()).toEqual([
        text.readTypes.actual,
        text.readTypes.customer,
        text.readTypes.estimated,
      ]);
      await expectNoSeriousAxeViolations(page);

      await expectIntervalViews(page, language, byMarketId.get(points.timeOfUse)!);
      await expectNoSeriousAxeViolations(page);
      await context.close();
    }, 180_000);
  }

  /** Opens the interval table of the time-of-use service point and checks both views against the API. */
  async function expectIntervalViews(page: Page, language: Language, servicePointId: string) {
    const text = texts[language];
    const locale = locales[language];
    const section = page.getByRole('region', { name: text.servicePoint(points.timeOfUse), exact: true });
    const chart = section.getByTestId('interval-chart');
    const today = Temporal.Now.plainDateISO('America/New_York');
    const to = today.add({ days: 1 });

    await chart.locator('summary').click();
    const days = await api<IntervalBuckets>(
      'GET',
      `/v1/service-points/${servicePointId}/interval-data?bucket=day&from=${to.subtract({ days: 62 }).toString()}&to=${to.toString()}`,
    );
    expect(days.buckets).toHaveLength(1);
    await expectIntervalTable(chart, locale, days);

    await section.getByText(text.byHour).click();
    const hours = await api<IntervalBuckets>(
      'GET',
      `/v1/service-points/${servicePointId}/interval-data?bucket=hour&from=${to.subtract({ days: 4 }).toString()}&to=${to.toString()}`,
    );
    expect(hours.buckets.length).toBeGreaterThanOrEqual(23);
    await expect.poll(() => chart.locator('tbody tr').count()).toBe(hours.buckets.length);
    await expectIntervalTable(chart, locale, hours);
    expect(await chart.locator('.recharts-bar-rectangle path').count()).toBe(hours.buckets.length);
  }

  async function expectIntervalTable(chart: Locator, locale: string, data: IntervalBuckets) {
    const rows = chart.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(data.buckets.length);
    for (const [index, bucket] of data.buckets.entries()) {
      const row = rows.nth(index);
      expect(await row.locator('time').getAttribute('datetime')).toBe(bucket.bucket);
      expect(squash(await row.locator('td').nth(1).innerText())).toBe(
        squash(`${formatQuantity(locale, bucket.total)} kWh`),
      );
    }
  }
});

/**
 * Returns the read type a period should show: estimated when either read is, customer when its end read
 * came from the customer, otherwise actual. None of this file's periods starts on a customer read.
 */
function expectedReadType(period: RegisterHistory['periods'][number], endKind: string | undefined) {
  if (period.estimated) return 'estimated';
  if (endKind === 'customer') return 'customer';
  return 'actual';
}

/** Removes every kind of space, because Chromium's and Node's ICU may pick different spaces in dates. */
function squash(text: string): string {
  return text.replace(/[\s\u202f\u2009\u00a0]+/g, '');
}

function formatDate(locale: string, date: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function formatShortRange(locale: string, start: string, end: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).formatRange(
    new Date(`${start}T00:00:00Z`),
    new Date(`${end}T00:00:00Z`),
  );
}

function formatQuantity(locale: string, quantity: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(
    quantity as Intl.StringNumericLiteral,
  );
}
