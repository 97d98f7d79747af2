import { aTariffDefinition } from '../support/factories/rates.js';

/** Ids of one seeded company's records, which another company's key then tries to reach. */
export type CompanyIds = {
  companyId: string;
  companyCode: string;
  accountId: string;
  customerId: string;
  premiseId: string;
  servicePointId: string;
  meterId: string;
  meterSerial: string;
  registerId: string;
  tariffId: string;
  agreementId: string;
  billId: string;
  billRunId: string;
  billCycleId: string;
  paymentId: string;
  apiKeyId: string;
  userId: string;
  webhookSubscriptionId: string;
  roleId: string;
  prepaidMeterId: string;
  vendId: string;
  agentId: string;
  keyChangeCampaignId: string;
};

/**
 * A request made with company A's key. `other-company` requests name company B's records and must get
 * the status `expectStatus` (404 unless given); `own-company` requests act on A alone and may succeed.
 * Either way the response may show none of B's ids, and B's rows stay as they were.
 */
export type IsolationRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: Record<string, unknown>;
  headers?: Record<string, string>;
  reaches: 'other-company' | 'own-company';
  expectStatus?: number;
};

const other = (
  method: IsolationRequest['method'],
  url: string,
  payload?: Record<string, unknown>,
  expectStatus?: number,
): IsolationRequest => ({
  method,
  url,
  reaches: 'other-company',
  ...(payload === undefined ? {} : { payload }),
  ...(expectStatus === undefined ? {} : { expectStatus }),
});

const own = (
  method: IsolationRequest['method'],
  url: string,
  payload?: Record<string, unknown>,
): IsolationRequest => ({
  method,
  url,
  reaches: 'own-company',
  ...(payload === undefined ? {} : { payload }),
});

/**
 * Lists every route of the API, keyed as `METHOD /url`, with the requests that try to reach company B
 * through it. The isolation test fails for a route missing here, so each new route needs its requests here.
 */
export function isolationRequests(b: CompanyIds): Record<string, IsolationRequest[]> {
  const reads = [{ registerCode: '1.8.0', value: '100' }];
  return {
    'GET /v1/company': [own('GET', '/v1/company')],
    'GET /v1/api-keys': [own('GET', '/v1/api-keys')],
    'POST /v1/api-keys': [own('POST', '/v1/api-keys', { name: 'probe', permissions: ['customers:read'] })],
    'POST /v1/api-keys/:id/revoke': [other('POST', `/v1/api-keys/${b.apiKeyId}/revoke`)],
    // The session routes serve signed-in users only; an API key gets a 403 and reaches nobody's session.
    'GET /v1/auth/session': [
      { ...own('GET', '/v1/auth/session'), reaches: 'other-company', expectStatus: 403 },
    ],
    'DELETE /v1/auth/session': [
      { ...own('DELETE', '/v1/auth/session'), reaches: 'other-company', expectStatus: 403 },
    ],
    'POST /v1/auth/totp': [{ ...own('POST', '/v1/auth/totp'), reaches: 'other-company', expectStatus: 403 }],
    'POST /v1/auth/totp/confirmation': [
      {
        ...own('POST', '/v1/auth/totp/confirmation', { code: '123456' }),
        reaches: 'other-company',
        expectStatus: 403,
      },
    ],
    'GET /v1/users': [own('GET', '/v1/users'), own('GET', '/v1/users?format=csv')],
    'POST /v1/users': [
      // B's customer does not exist for A.
      other('POST', '/v1/users', {
        kind: 'customer',
        email: 'probe@example.com',
        displayName: 'Probe',
        customerId: b.customerId,
      }),
    ],
    'GET /v1/users/:id': [other('GET', `/v1/users/${b.userId}`)],
    'PATCH /v1/users/:id': [other('PATCH', `/v1/users/${b.userId}`, { status: 'disabled' })],
    'POST /v1/users/:id/password-reset': [other('POST', `/v1/users/${b.userId}/password-reset`)],
    'GET /v1/roles': [own('GET', '/v1/roles')],
    'POST /v1/roles': [
      own('POST', '/v1/roles', { code: 'probe', name: 'Probe', permissions: ['customers:read'] }),
    ],
    'PATCH /v1/roles/:id': [other('PATCH', `/v1/roles/${b.roleId}`, { name: 'Taken' })],
    'GET /v1/webhook-subscriptions': [own('GET', '/v1/webhook-subscriptions')],
    'POST /v1/webhook-subscriptions': [
      own('POST', '/v1/webhook-subscriptions', { url: 'https://receiver.example.com/hook', eventTypes: [] }),
    ],
    'POST /v1/webhook-subscriptions/:id/disable': [
      other('POST', `/v1/webhook-subscriptions/${b.webhookSubscriptionId}/disable`),
    ],
    'GET /v1/webhook-subscriptions/:id/deliveries': [
      other('GET', `/v1/webhook-subscriptions/${b.webhookSubscriptionId}/deliveries`),
    ],
    'GET /v1/audit-events': [
      own('GET', `/v1/audit-events?entityId=${b.accountId}`),
      own('GET', `/v1/audit-events?entityType=account&limit=500`),
    ],

    'GET /v1/customers': [
      own('GET', '/v1/customers?limit=500'),
      own('GET', '/v1/customers?search=a'),
      own('GET', '/v1/customers?format=csv'),
    ],
    'POST /v1/customers': [
      own('POST', '/v1/customers', { kind: 'person', familyName: 'Probe', givenName: 'Isolation' }),
    ],
    'GET /v1/customers/:id': [other('GET', `/v1/customers/${b.customerId}`)],
    'PATCH /v1/customers/:id': [other('PATCH', `/v1/customers/${b.customerId}`, { familyName: 'Taken' })],
    'GET /v1/customers/:id/timeline': [other('GET', `/v1/customers/${b.customerId}/timeline`)],
    'GET /v1/customers/:id/premises': [other('GET', `/v1/customers/${b.customerId}/premises`)],
    'GET /v1/customers/:id/personal-data': [other('GET', `/v1/customers/${b.customerId}/personal-data`)],
    'POST /v1/customers/:id/erasure': [
      other('POST', `/v1/customers/${b.customerId}/erasure`, { reason: 'probe' }),
    ],
    'GET /v1/accounts': [
      own('GET', '/v1/accounts?limit=500'),
      own('GET', `/v1/accounts?customerId=${b.customerId}`),
      own('GET', `/v1/accounts?format=csv&billCycleId=${b.billCycleId}`),
    ],
    'POST /v1/accounts': [
      other('POST', '/v1/accounts', {
        customerId: b.customerId,
        billCycleId: b.billCycleId,
        billDelivery: 'post',
      }),
    ],
    'GET /v1/accounts/:id': [other('GET', `/v1/accounts/${b.accountId}`)],
    'PATCH /v1/accounts/:id': [other('PATCH', `/v1/accounts/${b.accountId}`, { status: 'closed' })],
    'GET /v1/accounts/:id/balance': [other('GET', `/v1/accounts/${b.accountId}/balance`)],
    'GET /v1/accounts/:id/timeline': [other('GET', `/v1/accounts/${b.accountId}/timeline`)],
    'GET /v1/accounts/:id/postings': [other('GET', `/v1/accounts/${b.accountId}/postings`)],
    'GET /v1/accounts/:id/statement': [other('GET', `/v1/accounts/${b.accountId}/statement`)],
    'GET /v1/accounts/:id/bills': [
      other('GET', `/v1/accounts/${b.accountId}/bills`),
      other('GET', `/v1/accounts/${b.accountId}/bills?format=csv`),
    ],

    'GET /v1/premises': [own('GET', '/v1/premises?limit=500')],
    'POST /v1/premises': [
      own('POST', '/v1/premises', { addressLine1: '1 Probe Street', city: 'Testville', country: 'US' }),
    ],
    'GET /v1/premises/:id': [other('GET', `/v1/premises/${b.premiseId}`)],
    'PATCH /v1/premises/:id': [other('PATCH', `/v1/premises/${b.premiseId}`, { city: 'Elsewhere' })],
    'GET /v1/service-points': [
      own('GET', '/v1/service-points?limit=500'),
      own('GET', `/v1/service-points?premiseId=${b.premiseId}`),
    ],
    'POST /v1/service-points': [
      other('POST', '/v1/service-points', { premiseId: b.premiseId, service: 'electricity' }),
    ],
    'GET /v1/service-points/:id': [other('GET', `/v1/service-points/${b.servicePointId}`)],

    'GET /v1/meters': [
      own('GET', '/v1/meters?limit=500'),
      own('GET', `/v1/meters?serialNumber=${b.meterSerial}`),
    ],
    'POST /v1/meters': [
      own('POST', '/v1/meters', {
        serialNumber: `probe-${b.meterSerial}`,
        service: 'electricity',
        registers: [{ code: '1.8.0', unit: 'kWh', digits: 6 }],
      }),
    ],
    'GET /v1/meters/:id': [other('GET', `/v1/meters/${b.meterId}`)],
    'GET /v1/meters/:id/reads': [other('GET', `/v1/meters/${b.meterId}/reads`)],
    'GET /v1/meter-installations': [
      own('GET', `/v1/meter-installations?meterId=${b.meterId}`),
      own('GET', `/v1/meter-installations?servicePointId=${b.servicePointId}`),
    ],
    'POST /v1/meter-installations': [
      other('POST', '/v1/meter-installations', {
        meterId: b.meterId,
        servicePointId: b.servicePointId,
        installedOn: '2030-01-01',
        reads,
      }),
    ],
    'POST /v1/meter-removals': [
      other('POST', '/v1/meter-removals', { meterId: b.meterId, removedOn: '2030-01-01', reads }),
    ],
    'POST /v1/meter-exchanges': [
      other(
        'POST',
        '/v1/meter-exchanges',
        {
          servicePointId: b.servicePointId,
          exchangedOn: '2030-01-01',
          newMeterId: b.meterId,
        },
        // A's key finds no meter at B's service point, so the response reports none to exchange.
        409,
      ),
    ],

    'GET /v1/register-reads': [
      own('GET', `/v1/register-reads?registerId=${b.registerId}`),
      own('GET', `/v1/register-reads?servicePointId=${b.servicePointId}`),
    ],
    'POST /v1/register-reads': [
      other('POST', '/v1/register-reads', {
        registerId: b.registerId,
        readOn: '2030-01-01',
        value: '999999',
      }),
    ],
    'POST /v1/interval-imports': [
      other(
        'POST',
        '/v1/interval-imports',
        {
          format: 'interval-csv',
          servicePointId: b.servicePointId,
          document: `meter_serial,channel,interval_start,duration_minutes,value,unit\n${b.meterSerial},1,2024-01-02T00:00:00Z,60,9,kWh\n`,
        },
        // The import checks every line and rolls back, naming the service point it could not find.
        422,
      ),
      // Without a service point the rows are matched by meter serial, which must find A's meters only.
      own('POST', '/v1/interval-imports', {
        format: 'interval-csv',
        document: `meter_serial,channel,interval_start,duration_minutes,value,unit\n${b.meterSerial},1,2024-01-02T00:00:00Z,60,9,kWh\n`,
      }),
    ],
    'GET /v1/service-points/:servicePointId/reads': [
      other('GET', `/v1/service-points/${b.servicePointId}/reads?from=2020-01-01&to=2030-01-01`),
    ],
    'GET /v1/service-points/:servicePointId/interval-data': [
      other(
        'GET',
        `/v1/service-points/${b.servicePointId}/interval-data?bucket=day&from=2024-01-01&to=2024-01-03`,
      ),
    ],
    'GET /v1/estimation-profiles': [own('GET', '/v1/estimation-profiles')],
    'PUT /v1/estimation-profiles/:unit': [
      own('PUT', '/v1/estimation-profiles/kWh', {
        name: 'Probe',
        dailyQuantityByMonth: Array.from({ length: 12 }, () => '1'),
      }),
    ],

    'GET /v1/tariffs': [own('GET', '/v1/tariffs?limit=500'), own('GET', '/v1/tariffs?format=csv')],
    'POST /v1/tariffs': [
      own('POST', '/v1/tariffs', { code: 'PROBE', name: 'Probe', service: 'electricity' }),
    ],
    'GET /v1/tariffs/:tariffId': [other('GET', `/v1/tariffs/${b.tariffId}`)],
    'POST /v1/tariffs/:tariffId/versions': [
      other('POST', `/v1/tariffs/${b.tariffId}/versions`, {
        effectiveFrom: '2031-01-01',
        definition: aTariffDefinition({ effectiveFrom: '2031-01-01' }),
      }),
    ],
    'POST /v1/tariffs/urdb-imports': [own('POST', '/v1/tariffs/urdb-imports', { document: '{"items": []}' })],
    'POST /v1/tariffs/:tariffId/rate-check': [
      other('POST', `/v1/tariffs/${b.tariffId}/rate-check`, {
        periodStart: '2026-01-01',
        periodEnd: '2026-02-01',
        usage: { registers: [{ measure: 'energy', quantity: '100' }] },
      }),
      other('POST', `/v1/tariffs/${b.tariffId}/rate-check`, {
        periodStart: '2026-01-01',
        periodEnd: '2026-02-01',
        accountId: b.accountId,
      }),
    ],

    'GET /v1/agreements': [
      own('GET', '/v1/agreements?limit=500'),
      own('GET', `/v1/agreements?accountId=${b.accountId}`),
      own('GET', `/v1/agreements?tariffId=${b.tariffId}`),
    ],
    'POST /v1/agreements': [
      other('POST', '/v1/agreements', {
        accountId: b.accountId,
        servicePointId: b.servicePointId,
        tariffId: b.tariffId,
        startOn: '2030-01-01',
      }),
    ],
    'GET /v1/agreements/:id': [other('GET', `/v1/agreements/${b.agreementId}`)],
    'POST /v1/agreements/:id/end': [
      other('POST', `/v1/agreements/${b.agreementId}/end`, { endOn: '2030-01-01' }),
    ],

    'GET /v1/bill-cycles': [own('GET', '/v1/bill-cycles')],
    'POST /v1/bill-cycles': [
      own('POST', '/v1/bill-cycles', { code: 'PROBE', name: 'Probe', periodMonths: 1 }),
    ],
    'POST /v1/bill-runs': [
      other('POST', '/v1/bill-runs', { billCycleId: b.billCycleId, cutOffOn: '2026-01-01' }),
    ],
    'GET /v1/bill-runs': [
      own('GET', '/v1/bill-runs?limit=500'),
      own('GET', `/v1/bill-runs?billCycleId=${b.billCycleId}`),
      own('GET', '/v1/bill-runs?format=csv'),
    ],
    'GET /v1/bill-runs/:id': [other('GET', `/v1/bill-runs/${b.billRunId}`)],
    'GET /v1/bill-runs/:id/exceptions': [
      other('GET', `/v1/bill-runs/${b.billRunId}/exceptions`),
      other('GET', `/v1/bill-runs/${b.billRunId}/exceptions?format=csv`),
    ],
    'GET /v1/bills': [
      own('GET', '/v1/bills?limit=500'),
      own('GET', `/v1/bills?billRunId=${b.billRunId}`),
      own('GET', `/v1/bills?accountId=${b.accountId}`),
      own('GET', '/v1/bills?format=csv'),
    ],
    'GET /v1/bills/:id': [other('GET', `/v1/bills/${b.billId}`)],
    'POST /v1/bills/:id/issue': [other('POST', `/v1/bills/${b.billId}/issue`, {})],
    'POST /v1/bills/:id/credit-note': [
      other('POST', `/v1/bills/${b.billId}/credit-note`, { reason: 'probe' }),
    ],

    'POST /v1/payments': [
      {
        ...other('POST', '/v1/payments', {
          accountId: b.accountId,
          amountMinor: '100',
          currency: 'USD',
          method: 'cash',
        }),
        headers: { 'idempotency-key': `probe-${b.accountId}` },
      },
    ],
    'GET /v1/payments': [
      own('GET', '/v1/payments?limit=500'),
      own('GET', `/v1/payments?accountId=${b.accountId}`),
      own('GET', '/v1/payments?format=csv'),
    ],
    'GET /v1/payments/:id': [other('GET', `/v1/payments/${b.paymentId}`)],
    'POST /v1/payments/:id/reversal': [
      other('POST', `/v1/payments/${b.paymentId}/reversal`, { reason: 'probe' }),
    ],

    // The demo gives both companies prepaid meters with the same PANs, so requests name B's by meter id.
    'POST /v1/prepaid/quotes': [
      other('POST', '/v1/prepaid/quotes', {
        meterId: b.prepaidMeterId,
        amountMinor: '1000',
        currency: 'USD',
      }),
    ],
    'POST /v1/prepaid/vends': [
      {
        ...other('POST', '/v1/prepaid/vends', {
          meterId: b.prepaidMeterId,
          amountMinor: '1000',
          currency: 'USD',
        }),
        headers: { 'idempotency-key': `probe-${b.vendId}` },
      },
    ],
    // A's key lists A's vends only, even when it names B's agent.
    'GET /v1/prepaid/vends': [
      own('GET', '/v1/prepaid/vends'),
      own('GET', `/v1/prepaid/vends?agentId=${b.agentId}`),
      own('GET', `/v1/prepaid/vends?agentId=${b.agentId}&format=csv`),
    ],
    'GET /v1/prepaid/vends/:id': [other('GET', `/v1/prepaid/vends/${b.vendId}`)],
    'POST /v1/prepaid/vends/:id/reprint': [other('POST', `/v1/prepaid/vends/${b.vendId}/reprint`)],
    'POST /v1/prepaid/vends/:id/confirm': [other('POST', `/v1/prepaid/vends/${b.vendId}/confirm`)],
    'POST /v1/prepaid/vends/:id/receipt-mails': [
      other('POST', `/v1/prepaid/vends/${b.vendId}/receipt-mails`, { email: 'probe@example.com' }),
    ],
    'POST /v1/prepaid/vends/:id/reverse': [
      other('POST', `/v1/prepaid/vends/${b.vendId}/reverse`, { reason: 'probe' }),
    ],
    // Corrections serve staff users only: an API key gets a 403 before the vend is read.
    'POST /v1/prepaid/vends/:id/corrections': [
      other(
        'POST',
        `/v1/prepaid/vends/${b.vendId}/corrections`,
        { reasonCode: 'other', reason: 'probe' },
        403,
      ),
    ],
    'POST /v1/prepaid/meters': [
      other('POST', '/v1/prepaid/meters', {
        meterId: b.meterId,
        iin: '600727',
        drn: '00000000000',
        key: { sgc: '123456', ti: 1, krn: 1, kt: 2, ken: 255, baseDate: '2014-01-01', dkga: '02', ea: '07' },
      }),
    ],
    'GET /v1/prepaid/meters/:meterId': [other('GET', `/v1/prepaid/meters/${b.prepaidMeterId}`)],
    'POST /v1/prepaid/meters/:meterId/engineering-tokens': [
      other('POST', `/v1/prepaid/meters/${b.prepaidMeterId}/engineering-tokens`, {
        type: 'ClearTamperCondition',
        reason: 'probe',
      }),
    ],
    'GET /v1/prepaid/deduction-rules': [own('GET', '/v1/prepaid/deduction-rules')],
    'PUT /v1/prepaid/deduction-rules': [
      own('PUT', '/v1/prepaid/deduction-rules', {
        rules: [
          { code: 'probe-fee', name: 'Probe fee', kind: 'channel-fee', method: 'fixed', amountMinor: '10' },
        ],
      }),
    ],
    'POST /v1/prepaid/key-change-campaigns': [
      // Names B's meter: A's campaign changes none of B's meters.
      own('POST', '/v1/prepaid/key-change-campaigns', {
        name: 'Probe',
        newKey: {
          sgc: '123456',
          ti: 1,
          krn: 3,
          kt: 2,
          ken: 255,
          baseDate: '2014-01-01',
          dkga: '02',
          ea: '07',
        },
        meterIds: [b.prepaidMeterId],
      }),
    ],
    'GET /v1/prepaid/key-change-campaigns/:campaignId': [
      other('GET', `/v1/prepaid/key-change-campaigns/${b.keyChangeCampaignId}`),
    ],
    'GET /v1/prepaid/key-change-campaigns/:campaignId/meters': [
      other('GET', `/v1/prepaid/key-change-campaigns/${b.keyChangeCampaignId}/meters`),
      other('GET', `/v1/prepaid/key-change-campaigns/${b.keyChangeCampaignId}/meters?status=not-started`),
    ],
    'POST /v1/prepaid/key-change-campaigns/:campaignId/cancel': [
      other('POST', `/v1/prepaid/key-change-campaigns/${b.keyChangeCampaignId}/cancel`, { reason: 'probe' }),
    ],
    'GET /v1/self-service/prepaid/vends': [own('GET', '/v1/self-service/prepaid/vends')],
    'GET /v1/self-service/prepaid/meters': [own('GET', '/v1/self-service/prepaid/meters')],
    'POST /v1/prepaid/agents': [own('POST', '/v1/prepaid/agents', { code: 'probe-agent', name: 'Probe' })],
    'GET /v1/prepaid/agents': [own('GET', '/v1/prepaid/agents')],
    'GET /v1/prepaid/agents/:agentId': [other('GET', `/v1/prepaid/agents/${b.agentId}`)],
    'PATCH /v1/prepaid/agents/:agentId': [
      other('PATCH', `/v1/prepaid/agents/${b.agentId}`, { status: 'suspended' }),
    ],
    'POST /v1/prepaid/agents/:agentId/outlets': [
      other('POST', `/v1/prepaid/agents/${b.agentId}/outlets`, { code: 'probe', name: 'Probe' }),
    ],
    'PUT /v1/prepaid/agents/:agentId/cashiers': [
      other('PUT', `/v1/prepaid/agents/${b.agentId}/cashiers`, { actorKind: 'api-key', actorId: b.apiKeyId }),
    ],
    'PUT /v1/prepaid/agents/:agentId/commission-rules': [
      other('PUT', `/v1/prepaid/agents/${b.agentId}/commission-rules`, {
        rules: [{ method: 'percent', percent: '50' }],
      }),
    ],
    'POST /v1/prepaid/agents/:agentId/float-deposits': [
      other('POST', `/v1/prepaid/agents/${b.agentId}/float-deposits`, {
        amountMinor: '100',
        currency: 'USD',
        reference: 'probe',
      }),
    ],
    'GET /v1/prepaid/agents/:agentId/reconciliation': [
      other('GET', `/v1/prepaid/agents/${b.agentId}/reconciliation?date=2026-12-01`),
    ],
    'POST /v1/prepaid/free-basic-allowances': [
      other('POST', '/v1/prepaid/free-basic-allowances', {
        accountId: b.accountId,
        unitsPerMonth: '50',
        startOn: '2030-01-01',
      }),
    ],

    // Each search names B's record; a leak would show B's other ids (its customer and account) as well.
    'GET /v1/search': [
      own('GET', `/v1/search?q=${b.servicePointId}`),
      own('GET', `/v1/search?q=${b.accountId}`),
      own('GET', `/v1/search?q=${encodeURIComponent(b.meterSerial)}`),
      own('GET', '/v1/search?q=Lovelace&limit=50'),
    ],
  };
}
