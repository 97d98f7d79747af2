import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { moduleOfAuditedEntity } from '../../src/modules/audit/domain/audit-event.js';
import { generateTotpCode } from '../../src/modules/identity/index.js';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertMeteredAccount, insertRead, insertTariff } from '../support/factories/metered-account.js';
import { aDrn, insertPrepaidAgreement, testKey, testTokenIssuer } from '../support/factories/prepaid.js';
import { aTariffDefinition } from '../support/factories/rates.js';
import { signInNewUser } from '../support/signed-in-user.js';
import { describeEachDatabase } from '../support/test-database.js';

const urdbFile = path.join(repositoryRoot, '../shared/data/tariffs/urdb/georgia-power-tou-gsd-10.json');
const password = 'audit completeness password';

type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: Record<string, unknown>;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
};

/**
 * Makes one successful call of every route that changes data, in an order that builds what the next one
 * needs, and shows that each left at least one audit event with its request id. A write route that this
 * test does not call fails it, so a new route must be added here with a working request.
 */
describeEachDatabase('audit completeness', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let auth: { authorization: string };
  const called = new Map<string, string[]>();

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database(), { tokenIssuer: testTokenIssuer() }));
    company = await insertCompany(database().db);
    auth = {
      authorization: `Bearer ${(await createTestApiKey(database().db, company.companyId, ['*'])).token}`,
    };
  });
  afterAll(async () => {
    await app.close();
  });

  /** Sends a call that must succeed, and records its route and request id. */
  async function send(route: string, call: Call): Promise<LightMyRequestResponse> {
    const response = await app.inject({
      method: call.method,
      url: call.url,
      headers: { ...(call.cookies ? {} : auth), ...call.headers },
      ...(call.cookies ? { cookies: call.cookies } : {}),
      ...(call.payload === undefined ? {} : { payload: call.payload }),
    });
    if (response.statusCode >= 300)
      throw new Error(`${route} failed: ${response.statusCode} ${response.body}`);
    called.set(route, [...(called.get(route) ?? []), String(response.headers['x-request-id'])]);
    return response;
  }

  const idOf = (response: LightMyRequestResponse): string => response.json<{ id: string }>().id;

  it('audits every change made over HTTP', async () => {
    const customer = await send('POST /v1/customers', {
      method: 'POST',
      url: '/v1/customers',
      payload: { kind: 'person', givenName: 'Ada', familyName: 'Audit' },
    });
    const customerId = idOf(customer);
    await send('PATCH /v1/customers/:id', {
      method: 'PATCH',
      url: `/v1/customers/${customerId}`,
      payload: { givenName: 'Augusta' },
    });
    const accountId = idOf(
      await send('POST /v1/accounts', {
        method: 'POST',
        url: '/v1/accounts',
        payload: { customerId, billCycleId: company.billCycleId, billDelivery: 'post' },
      }),
    );
    await send('PATCH /v1/accounts/:id', {
      method: 'PATCH',
      url: `/v1/accounts/${accountId}`,
      payload: { paymentTermsDays: 30 },
    });
    const premiseId = idOf(
      await send('POST /v1/premises', {
        method: 'POST',
        url: '/v1/premises',
        payload: { addressLine1: '1 Ledger Lane', city: 'Audit', country: 'ES' },
      }),
    );
    await send('PATCH /v1/premises/:id', {
      method: 'PATCH',
      url: `/v1/premises/${premiseId}`,
      payload: { city: 'Trail' },
    });
    const servicePointId = idOf(
      await send('POST /v1/service-points', {
        method: 'POST',
        url: '/v1/service-points',
        payload: { premiseId, service: 'electricity' },
      }),
    );
    const register = { code: '1.8.0', unit: 'kWh', dials: 6 };
    const meter = await send('POST /v1/meters', {
      method: 'POST',
      url: '/v1/meters',
      payload: { serialNumber: 'AUDIT-1', service: 'electricity', registers: [register] },
    });
    const meterId = idOf(meter);
    const registerId = meter.json<{ registers: { id: string }[] }>().registers[0]!.id;
    const spare = idOf(
      await send('POST /v1/meters', {
        method: 'POST',
        url: '/v1/meters',
        payload: { serialNumber: 'AUDIT-2', service: 'electricity', registers: [register] },
      }),
    );
    await send('POST /v1/meter-installations', {
      method: 'POST',
      url: '/v1/meter-installations',
      payload: {
        meterId,
        servicePointId,
        installedOn: '2026-01-01',
        reads: [{ registerCode: '1.8.0', value: '0' }],
      },
    });
    await send('POST /v1/register-reads', {
      method: 'POST',
      url: '/v1/register-reads',
      payload: { registerId, readOn: '2026-02-01', value: '100' },
    });
    await send('POST /v1/interval-imports', {
      method: 'POST',
      url: '/v1/interval-imports',
      payload: {
        format: 'interval-csv',
        servicePointId,
        document:
          'meter_serial,channel,interval_start,duration_minutes,value,unit\nAUDIT-1,1,2026-01-10T00:00:00Z,60,1.5,kWh\n',
      },
    });
    await send('POST /v1/meter-exchanges', {
      method: 'POST',
      url: '/v1/meter-exchanges',
      payload: {
        servicePointId,
        exchangedOn: '2026-02-15',
        removalReads: [{ registerCode: '1.8.0', value: '150' }],
        newMeterId: spare,
        installReads: [{ registerCode: '1.8.0', value: '0' }],
      },
    });
    await send('POST /v1/meter-removals', {
      method: 'POST',
      url: '/v1/meter-removals',
      payload: { meterId: spare, removedOn: '2026-03-01', reads: [{ registerCode: '1.8.0', value: '20' }] },
    });
    await send('PUT /v1/estimation-profiles/:unit', {
      method: 'PUT',
      url: '/v1/estimation-profiles/kWh',
      payload: { name: 'Audit', dailyQuantityByMonth: Array.from({ length: 12 }, () => '10') },
    });

    const tariffId = idOf(
      await send('POST /v1/tariffs', {
        method: 'POST',
        url: '/v1/tariffs',
        payload: { code: 'AUDIT', name: 'Audit tariff', service: 'electricity' },
      }),
    );
    await send('POST /v1/tariffs/:tariffId/versions', {
      method: 'POST',
      url: `/v1/tariffs/${tariffId}/versions`,
      payload: {
        effectiveFrom: '2026-01-01',
        definition: aTariffDefinition({ effectiveFrom: '2026-01-01' }),
      },
    });
    await send('POST /v1/tariffs/urdb-imports', {
      method: 'POST',
      url: '/v1/tariffs/urdb-imports',
      payload: { document: readFileSync(urdbFile, 'utf8') },
    });
    const agreementId = idOf(
      await send('POST /v1/agreements', {
        method: 'POST',
        url: '/v1/agreements',
        payload: { accountId, servicePointId, tariffId, startOn: '2026-01-01' },
      }),
    );
    await send('POST /v1/agreements/:id/end', {
      method: 'POST',
      url: `/v1/agreements/${agreementId}/end`,
      payload: { endOn: '2026-03-01' },
    });

    // A draft bill from a bill run, then issued and credited.
    const cycle = await send('POST /v1/bill-cycles', {
      method: 'POST',
      url: '/v1/bill-cycles',
      payload: { code: 'QUARTERLY', name: 'Quarterly', periodMonths: 3 },
    });
    expect(idOf(cycle)).toBeTruthy();
    const billedTariff = await insertTariff(database().db, company.companyId);
    const metered = await insertMeteredAccount(database().db, company, billedTariff);
    await insertRead(database().db, company.companyId, metered.registerId, '2026-02-01', '1600');
    const run = await send('POST /v1/bill-runs', {
      method: 'POST',
      url: '/v1/bill-runs',
      payload: { billCycleId: company.billCycleId, cutOffOn: '2026-02-01', issueBills: false },
    });
    const billId = await waitForDraftBill(idOf(run), metered.accountId);
    await send('POST /v1/bills/:id/issue', { method: 'POST', url: `/v1/bills/${billId}/issue`, payload: {} });
    await send('POST /v1/bills/:id/credit-note', {
      method: 'POST',
      url: `/v1/bills/${billId}/credit-note`,
      payload: { reason: 'audit' },
    });

    const paymentId = idOf(
      await send('POST /v1/payments', {
        method: 'POST',
        url: '/v1/payments',
        headers: { 'idempotency-key': 'audit-payment' },
        payload: { accountId: metered.accountId, amountMinor: '500', currency: 'EUR', method: 'cash' },
      }),
    );
    await send('POST /v1/payments/:id/reversal', {
      method: 'POST',
      url: `/v1/payments/${paymentId}/reversal`,
      payload: { reason: 'audit' },
    });

    await sellPrepaidUnits();

    const subscription = await send('POST /v1/webhook-subscriptions', {
      method: 'POST',
      url: '/v1/webhook-subscriptions',
      payload: { url: 'https://receiver.example.com/hook', eventTypes: [] },
    });
    await send('POST /v1/webhook-subscriptions/:id/disable', {
      method: 'POST',
      url: `/v1/webhook-subscriptions/${subscription.json<{ subscription: { id: string } }>().subscription.id}/disable`,
    });
    const key = await send('POST /v1/api-keys', {
      method: 'POST',
      url: '/v1/api-keys',
      payload: { name: 'audit', permissions: ['customers:read'] },
    });
    await send('POST /v1/api-keys/:id/revoke', {
      method: 'POST',
      url: `/v1/api-keys/${key.json<{ apiKey: { id: string } }>().apiKey.id}/revoke`,
    });

    await signInFlow();

    await send('GET /v1/customers/:id/personal-data', {
      method: 'GET',
      url: `/v1/customers/${customerId}/personal-data`,
    });
    await send('POST /v1/customers/:id/erasure', {
      method: 'POST',
      url: `/v1/customers/${customerId}/erasure`,
      payload: { reason: 'audit' },
    });

    const missing: string[] = [];
    for (const [route, requestIds] of called) {
      for (const requestId of requestIds) {
        const events = await database()
          .db.selectFrom('platform.audit_event')
          .select('id')
          .where('company_id', '=', company.companyId)
          .where('request_id', '=', requestId)
          .execute();
        if (events.length === 0) missing.push(`${route} (request ${requestId})`);
      }
    }
    expect(missing).toEqual([]);

    // Each entity type belongs to a module, whose read permission shows its audit values.
    const types = await database()
      .db.selectFrom('platform.audit_event')
      .select('entity_type')
      .distinct()
      .where('company_id', '=', company.companyId)
      .execute();
    expect(
      types.map((row) => row.entity_type).filter((type) => moduleOfAuditedEntity(type) === undefined),
    ).toEqual([]);

    // Routes that declare a read permission are not write routes, whatever their method: the rate check
    // is a POST that calculates and stores nothing.
    const writeRoutes = app.declaredRoutes
      .filter((route) => route.config?.permission?.endsWith(':read') !== true)
      .flatMap((route) =>
        (Array.isArray(route.method) ? route.method : [route.method]).map(
          (method) => `${method} ${route.url}`,
        ),
      )
      .filter((route) => /^(POST|PUT|PATCH|DELETE) \/v1\//.test(route));
    expect(writeRoutes.filter((route) => !called.has(route))).toEqual([]);
  });

  async function waitForDraftBill(billRunId: string, accountId: string): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const run = await app.inject({ method: 'GET', url: `/v1/bill-runs/${billRunId}`, headers: auth });
      if (run.json<{ status: string }>().status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const bill = await database()
      .db.selectFrom('billing.bill')
      .select('id')
      .where('company_id', '=', company.companyId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    return bill.id;
  }

  /** Sets up a prepaid meter, sells to it, and reprints, reverses and confirms vends. */
  async function sellPrepaidUnits(): Promise<void> {
    const prepaid = await insertPrepaidAgreement(database().db, company);
    await send('POST /v1/prepaid/meters', {
      method: 'POST',
      url: '/v1/prepaid/meters',
      payload: { meterId: prepaid.meterId, iin: '600727', drn: aDrn(), key: testKey },
    });
    await send('PUT /v1/prepaid/deduction-rules', {
      method: 'PUT',
      url: '/v1/prepaid/deduction-rules',
      payload: {
        rules: [
          { code: 'fee', name: 'Vending fee', kind: 'channel-fee', method: 'fixed', amountMinor: '50' },
        ],
      },
    });
    await send('POST /v1/prepaid/free-basic-allowances', {
      method: 'POST',
      url: '/v1/prepaid/free-basic-allowances',
      payload: { accountId: prepaid.accountId, unitsPerMonth: '50', startOn: '2026-01-01' },
    });
    const purchase = { meterId: prepaid.meterId, amountMinor: '1000', currency: 'EUR' };
    const reversed = idOf(
      await send('POST /v1/prepaid/vends', {
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { 'idempotency-key': 'audit-vend-1' },
        payload: purchase,
      }),
    );
    await send('POST /v1/prepaid/vends/:id/reprint', {
      method: 'POST',
      url: `/v1/prepaid/vends/${reversed}/reprint`,
    });
    await send('POST /v1/prepaid/vends/:id/reverse', {
      method: 'POST',
      url: `/v1/prepaid/vends/${reversed}/reverse`,
      payload: { reason: 'audit' },
    });
    const released = idOf(
      await send('POST /v1/prepaid/vends', {
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { 'idempotency-key': 'audit-vend-2' },
        payload: purchase,
      }),
    );
    await send('POST /v1/prepaid/vends/:id/confirm', {
      method: 'POST',
      url: `/v1/prepaid/vends/${released}/confirm`,
    });
    await send('POST /v1/prepaid/vends/:id/receipt-mails', {
      method: 'POST',
      url: `/v1/prepaid/vends/${released}/receipt-mails`,
      payload: { email: 'audit@example.com' },
    });
    // Corrections serve staff users only, so a signed-in administrator makes this one.
    const corrected = idOf(
      await send('POST /v1/prepaid/vends', {
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { 'idempotency-key': 'audit-vend-3' },
        payload: purchase,
      }),
    );
    const supervisor = await signInNewUser(app, database().db, company, {
      kind: 'staff',
      roles: ['administrator'],
    });
    await send('POST /v1/prepaid/vends/:id/corrections', {
      method: 'POST',
      url: `/v1/prepaid/vends/${corrected}/corrections`,
      cookies: { cis_session: supervisor.headers.cookie.replace(/^cis_session=/, '') },
      headers: { 'x-csrf-token': supervisor.headers['x-csrf-token'] },
      payload: { reasonCode: 'duplicate-sale', reason: 'audit' },
    });
    await send('POST /v1/prepaid/meters/:meterId/engineering-tokens', {
      method: 'POST',
      url: `/v1/prepaid/meters/${prepaid.meterId}/engineering-tokens`,
      payload: { type: 'ClearTamperCondition', reason: 'audit' },
    });
    const campaignId = idOf(
      await send('POST /v1/prepaid/key-change-campaigns', {
        method: 'POST',
        url: '/v1/prepaid/key-change-campaigns',
        payload: { name: 'Audit', newKey: { ...testKey, krn: 2 }, meterIds: [prepaid.meterId] },
      }),
    );
    await send('POST /v1/prepaid/key-change-campaigns/:campaignId/cancel', {
      method: 'POST',
      url: `/v1/prepaid/key-change-campaigns/${campaignId}/cancel`,
      payload: { reason: 'audit' },
    });

    const agentId = idOf(
      await send('POST /v1/prepaid/agents', {
        method: 'POST',
        url: '/v1/prepaid/agents',
        payload: { code: 'audit-agent', name: 'Audit agent' },
      }),
    );
    await send('PATCH /v1/prepaid/agents/:agentId', {
      method: 'PATCH',
      url: `/v1/prepaid/agents/${agentId}`,
      payload: { creditLimitMinor: '500' },
    });
    const outletId = idOf(
      await send('POST /v1/prepaid/agents/:agentId/outlets', {
        method: 'POST',
        url: `/v1/prepaid/agents/${agentId}/outlets`,
        payload: { code: 'main', name: 'Main outlet' },
      }),
    );
    const sellingKey = await createTestApiKey(database().db, company.companyId, ['vending:write']);
    await send('PUT /v1/prepaid/agents/:agentId/cashiers', {
      method: 'PUT',
      url: `/v1/prepaid/agents/${agentId}/cashiers`,
      payload: { actorKind: 'api-key', actorId: sellingKey.keyId, outletId },
    });
    await send('PUT /v1/prepaid/agents/:agentId/commission-rules', {
      method: 'PUT',
      url: `/v1/prepaid/agents/${agentId}/commission-rules`,
      payload: { rules: [{ method: 'percent', percent: '2' }] },
    });
    await send('POST /v1/prepaid/agents/:agentId/float-deposits', {
      method: 'POST',
      url: `/v1/prepaid/agents/${agentId}/float-deposits`,
      payload: { amountMinor: '10000', currency: 'EUR', reference: 'audit-deposit' },
    });
  }

  /** Takes a staff user from creation to sign-out, through password setup, sign-in and the second factor. */
  async function signInFlow(): Promise<void> {
    const email = 'auditor@audit.example.com';
    const role = await send('POST /v1/roles', {
      method: 'POST',
      url: '/v1/roles',
      payload: {
        code: 'meter-reader',
        name: 'Meter reader',
        permissions: ['readings:read', 'readings:write'],
      },
    });
    await send('PATCH /v1/roles/:id', {
      method: 'PATCH',
      url: `/v1/roles/${idOf(role)}`,
      payload: { permissions: ['readings:read', 'readings:write', 'devices:read'] },
    });
    const created = await send('POST /v1/users', {
      method: 'POST',
      url: '/v1/users',
      payload: { email, displayName: 'Auditor', roles: ['auditor'] },
    });
    const userId = created.json<{ user: { id: string } }>().user.id;
    await send('PATCH /v1/users/:id', {
      method: 'PATCH',
      url: `/v1/users/${userId}`,
      payload: { roles: ['auditor', 'cashier'] },
    });
    const reset = await send('POST /v1/users/:id/password-reset', {
      method: 'POST',
      url: `/v1/users/${userId}/password-reset`,
    });
    await send('POST /v1/auth/password-resets', {
      method: 'POST',
      url: '/v1/auth/password-resets',
      cookies: {},
      payload: { token: reset.json<{ token: string }>().token, newPassword: password },
    });
    await send('POST /v1/auth/password-reset-requests', {
      method: 'POST',
      url: '/v1/auth/password-reset-requests',
      cookies: {},
      payload: { company: company.code, email },
    });
    const session = await send('POST /v1/auth/sessions', {
      method: 'POST',
      url: '/v1/auth/sessions',
      cookies: {},
      payload: { company: company.code, email, password },
    });
    const cookies = {
      cis_session: session.cookies.find((cookie) => cookie.name === 'cis_session')?.value ?? '',
    };
    const headers = { 'x-csrf-token': session.json<{ csrfToken: string }>().csrfToken };
    const setup = await send('POST /v1/auth/totp', {
      method: 'POST',
      url: '/v1/auth/totp',
      cookies,
      headers,
    });
    const { secret } = setup.json<{ secret: string }>();
    await send('POST /v1/auth/totp/confirmation', {
      method: 'POST',
      url: '/v1/auth/totp/confirmation',
      cookies,
      headers,
      payload: { code: generateTotpCode(secret, Date.now()) },
    });
    await send('DELETE /v1/auth/session', { method: 'DELETE', url: '/v1/auth/session', cookies, headers });
  }
});
