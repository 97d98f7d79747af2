import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/modules/identity/index.js';
import { builtInRoles } from '../../src/modules/identity/domain/built-in-roles.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { anAgreement } from '../support/factories/agreements.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aCustomer, anAccount, aPersonInput } from '../support/factories/customers.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('personal data', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let headers: { authorization: string };

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(database().db);
    const key = await createTestApiKey(database().db, company.companyId, ['*']);
    headers = { authorization: `Bearer ${key.token}` };
  });
  afterAll(async () => {
    await app.close();
  });

  /** Creates a customer with an email, a national id and a tax id, an account and a self-service login. */
  async function aCustomerWithLogin() {
    const { db } = database();
    const customer = await aCustomer(
      db,
      company,
      aPersonInput({
        identifications: [
          { scheme: 'national-id', value: `N-${crypto.randomUUID()}`, issuingCountry: 'ES' },
          { scheme: 'tax-id', value: `T-${crypto.randomUUID()}`, issuingCountry: 'ES' },
        ],
      }),
    );
    const account = await anAccount(db, company, {
      customerId: customer.id,
      billDelivery: 'email',
      billDeliveryEmail: 'bills@example.com',
    });
    await createUser(db, systemContext(company.companyId), {
      kind: 'customer',
      email: `${customer.id}@example.com`,
      displayName: 'Self service',
      roles: [],
      customerId: customer.id,
    });
    return { customer, account };
  }

  it('export and erasure need the privacy permissions', async () => {
    const { customer } = await aCustomerWithLogin();
    const cashierRole = builtInRoles.find((role) => role.code === 'cashier');
    const customerService = builtInRoles.find((role) => role.code === 'customer-service');
    expect(cashierRole?.permissions).not.toContain('privacy:read');
    expect(customerService?.permissions).not.toContain('privacy:write');
    const key = await createTestApiKey(database().db, company.companyId, [
      'customers:read',
      'customers:write',
    ]);
    const customerHeaders = { authorization: `Bearer ${key.token}` };

    const exported = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}/personal-data`,
      headers: customerHeaders,
    });
    const erased = await app.inject({
      method: 'POST',
      url: `/v1/customers/${customer.id}/erasure`,
      headers: customerHeaders,
      payload: { reason: 'request 45' },
    });

    expect(exported.statusCode).toBe(403);
    expect(exported.json()).toMatchObject({ code: 'AUTH.PERMISSION_MISSING' });
    expect(exported.body).toContain('privacy:read');
    expect(erased.statusCode).toBe(403);
    expect(erased.body).toContain('privacy:write');
  });

  it('exports everything about a customer, audited', async () => {
    const { customer, account } = await aCustomerWithLogin();
    const response = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}/personal-data`,
      headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      customer: { id: string; contacts: unknown[]; identifications: unknown[] };
      accounts: { account: { id: string } }[];
      selfServiceLogins: { email: string }[];
      auditEvents: { entityId: string }[];
    }>();
    expect(body.customer.contacts).toHaveLength(1);
    expect(body.customer.identifications).toHaveLength(2);
    expect(body.accounts.map((entry) => entry.account.id)).toEqual([account.id]);
    expect(body.selfServiceLogins.map((login) => login.email)).toEqual([`${customer.id}@example.com`]);
    expect(body.auditEvents.map((event) => event.entityId)).toContain(customer.id);

    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['action', 'actor_kind'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', customer.id)
      .where('action', '=', 'export')
      .execute();
    expect(audit).toEqual([{ action: 'export', actor_kind: 'api-key' }]);
  });

  it('leaves out what the reader may not read', async () => {
    const { customer } = await aCustomerWithLogin();
    const reader = await createTestApiKey(database().db, company.companyId, [
      'customers:read',
      'privacy:read',
    ]);
    const response = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}/personal-data`,
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown> & { accounts: Record<string, unknown>[] }>();
    expect(body.omitted).toEqual([
      'agreements:read',
      'premises:read',
      'readings:read',
      'billing:read',
      'ledger:read',
      'identity:read',
      'audit:read',
    ]);
    expect(body).not.toHaveProperty('auditEvents');
    expect(body).not.toHaveProperty('selfServiceLogins');
    expect(Object.keys(body.accounts[0] ?? {})).toEqual(['account']);
  });

  it('keeps the invoice identity of a billed customer', async () => {
    const { customer, account } = await aCustomerWithLogin();
    await insertIssuedBill(database().db, company, account.id, {
      totalMinor: 1000n,
      issueDate: '2026-01-05',
      dueDate: '2026-01-25',
    });
    const erase = () =>
      app.inject({
        method: 'POST',
        url: `/v1/customers/${customer.id}/erasure`,
        headers,
        payload: { reason: 'request 42' },
      });
    const first = await erase();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ keptForInvoices: true, loginsErased: 1 });

    const after = await app.inject({ method: 'GET', url: `/v1/customers/${customer.id}`, headers });
    const erased = after.json<{
      familyName: string;
      contacts: unknown[];
      identifications: { scheme: string }[];
    }>();
    expect(erased.familyName).toBe(customer.familyName);
    expect(erased.contacts).toEqual([]);
    expect(erased.identifications.map((identification) => identification.scheme)).toEqual(['tax-id']);
    const accountAfter = await app.inject({ method: 'GET', url: `/v1/accounts/${account.id}`, headers });
    expect(accountAfter.json()).toMatchObject({ billDelivery: 'post', billDeliveryEmail: null });
    const login = await database()
      .db.selectFrom('identity.user_account')
      .select(['email', 'status', 'password_hash'])
      .where('company_id', '=', company.companyId)
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(login).toMatchObject({ status: 'disabled', password_hash: null });
    expect(login.email).toMatch(/@erased\.invalid$/);

    const bills = await app.inject({ method: 'GET', url: `/v1/accounts/${account.id}/bills`, headers });
    expect(bills.json<{ total: number }>().total).toBe(1);
    expect((await erase()).json()).toMatchObject({ code: 'CUSTOMERS.ALREADY_ERASED' });
  });

  it('erases the names of a customer never billed', async () => {
    const { customer } = await aCustomerWithLogin();
    const response = await app.inject({
      method: 'POST',
      url: `/v1/customers/${customer.id}/erasure`,
      headers,
      payload: { reason: 'request 43' },
    });
    expect(response.json()).toMatchObject({ keptForInvoices: false });
    const after = await app.inject({ method: 'GET', url: `/v1/customers/${customer.id}`, headers });
    expect(after.json()).toMatchObject({ givenName: null, familyName: 'Erased', identifications: [] });
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select('changes')
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', customer.id)
      .where('action', '=', 'update')
      .execute();
    expect(JSON.stringify(audit.at(-1)?.changes)).not.toContain(customer.familyName ?? 'none');
    const everything = await database()
      .db.selectFrom('platform.audit_event')
      .select('changes')
      .where('company_id', '=', company.companyId)
      .execute();
    const outbox = await database()
      .db.selectFrom('platform.outbox_event')
      .select('payload')
      .where('company_id', '=', company.companyId)
      .execute();
    const text = JSON.stringify([everything, outbox]);
    expect(text).not.toContain(customer.familyName ?? 'none');
    expect(text).not.toContain(customer.identifications[0]?.value ?? 'none');
    expect(text).not.toContain(customer.contacts[0]?.value ?? 'none');
    expect(text).toContain('[erased]');
  });

  it('lets the application blank no audit values of a customer not erased', async () => {
    const { customer } = await aCustomerWithLogin();
    const asCompany = database().forCompany(company.companyId);
    await expect(
      sql`select platform.erase_audit_values(${customer.id}::uuid)`.execute(asCompany),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      sql`update platform.audit_event set changes = '{}' where entity_id = ${customer.id}`.execute(asCompany),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses to erase a customer still supplied', async () => {
    const { customer, account } = await aCustomerWithLogin();
    const agreement = await anAgreement(database().db, company, { accountId: account.id });
    const exported = await app.inject({
      method: 'GET',
      url: `/v1/customers/${customer.id}/personal-data`,
      headers,
    });
    expect(exported.json()).toMatchObject({
      suppliedPlaces: [{ servicePointId: agreement.servicePointId, registerReads: [] }],
    });
    expect(
      exported.json<{ suppliedPlaces: { premise: { addressLine1: string } }[] }>().suppliedPlaces[0]?.premise
        .addressLine1,
    ).toBeTruthy();
    const response = await app.inject({
      method: 'POST',
      url: `/v1/customers/${customer.id}/erasure`,
      headers,
      payload: { reason: 'request 44' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'PRIVACY.CUSTOMER_STILL_SUPPLIED' });
  });
});
