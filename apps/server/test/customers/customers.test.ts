import { expect, it } from 'vitest';
import {
  createAccount,
  createCustomer,
  getAccount,
  getCustomer,
  listAccounts,
  listCustomers,
  updateAccount,
  updateCustomer,
} from '../../src/modules/customers/index.js';
import { computeLuhnCheckDigit } from '../../src/modules/customers/domain/account.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertCompany } from '../support/factories/company.js';
import { aCustomer, anAccount, aPersonInput, customersContext } from '../support/factories/customers.js';
import { describeEachDatabase } from '../support/test-database.js';

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

describeEachDatabase('customers and accounts', (database) => {
  it('creates a person with contacts and identifications', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const created = await aCustomer(db, company, aPersonInput({ givenName: 'Ada', familyName: 'Lovelace' }));

    const read = await getCustomer(db, customersContext(company), created.id);
    expect(read.displayName).toBe('Ada Lovelace');
    expect(read.contacts).toHaveLength(1);
    expect(read.contacts[0]?.isPrimary).toBe(true);
    expect(read.identifications[0]?.issuingCountry).toBe('US');
    expect(read).toEqual(created);
  });

  it('creates an organisation named by its organisation name', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const created = await createCustomer(db, customersContext(company), {
      kind: 'organisation',
      organisationName: 'Hall County Schools',
      contacts: [{ kind: 'phone', value: '+1 770-555-0100' }],
    });
    expect(created.displayName).toBe('Hall County Schools');
    expect(created.familyName).toBeNull();
  });

  it('names the invalid field and value', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(
      createCustomer(db, customersContext(company), {
        kind: 'person',
        familyName: 'Doe',
        contacts: [{ kind: 'email', value: 'not-an-email' }],
        identifications: [{ scheme: 'passport', value: 'X1', issuingCountry: 'XX' }],
      }),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual([
      '0.contacts.0.value',
      '0.identifications.0.issuingCountry',
    ]);
    expect(error.fields[0]?.message).toContain('"not-an-email"');
    expect(error.fields[1]?.message).toContain('"XX"');
  });

  it('rejects an organisation without its name', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(
      createCustomer(db, customersContext(company), { kind: 'organisation' } as never),
    );
    expect(error.fields[0]?.path).toBe('0.organisationName');
    expect(error.fields[0]?.message).toContain('missing');
  });

  it('rejects an identification another customer holds', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await aCustomer(
      db,
      company,
      aPersonInput({ identifications: [{ scheme: 'tax-id', value: '58-1234567' }] }),
    );
    const error = await caught(
      aCustomer(db, company, aPersonInput({ identifications: [{ scheme: 'tax-id', value: '58-1234567' }] })),
    );
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('CUSTOMERS.IDENTIFICATION_TAKEN');
    expect(error.message).toContain('58-1234567');

    const other = await insertCompany(db);
    const elsewhere = await aCustomer(
      db,
      other,
      aPersonInput({ identifications: [{ scheme: 'tax-id', value: '58-1234567' }] }),
    );
    expect(elsewhere.identifications).toHaveLength(1);
  });

  it('updates names and replaces contacts', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const customer = await aCustomer(db, company);
    const updated = await updateCustomer(db, customersContext(company), customer.id, {
      familyName: 'Brewster',
      contacts: [{ kind: 'mobile', value: '+1 404 555 0199', isPrimary: true }],
    });
    expect(updated.displayName).toBe('Grace Brewster');
    expect(updated.contacts.map((contact) => contact.kind)).toEqual(['mobile']);

    const audit = await db
      .selectFrom('platform.audit_event')
      .select(['action', 'changes'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', customer.id)
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['create', 'update']);
    expect(Object.keys(audit[1]?.changes as object).sort()).toEqual([
      'contacts',
      'displayName',
      'familyName',
    ]);
  });

  it('rejects a person name on an organisation', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const organisation = await createCustomer(db, customersContext(company), {
      kind: 'organisation',
      organisationName: 'Acme Feed & Seed',
    });
    const error = await caught(
      updateCustomer(db, customersContext(company), organisation.id, { familyName: 'Doe' }),
    );
    expect(error.fields[0]?.path).toBe('familyName');
  });

  it('lists customers by name fragment with a total', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    for (const familyName of ['Abernathy', 'Barnes', 'Barnett']) {
      await aCustomer(db, company, aPersonInput({ familyName }));
    }
    // The search= filter runs as the company's application role, as it does for a request.
    const asCompany = database().forCompany(company.companyId);
    const page = await listCustomers(asCompany, customersContext(company), { search: 'barn', limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.familyName)).toEqual(['Barnes']);
  });

  it('generates account numbers with a Luhn check digit', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const first = await anAccount(db, company);
    const second = await anAccount(db, company);
    expect(first.accountNumber).toBe('0000000018');
    expect(second.accountNumber).toBe(`000000002${computeLuhnCheckDigit('000000002')}`);
    expect(first.customerName).toMatch(/^Grace Hopper-/);
  });

  it('skips a generated number taken by hand', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await anAccount(db, company, { accountNumber: '0000000018' });
    const generated = await anAccount(db, company);
    expect(generated.accountNumber).toBe('0000000026');
  });

  it('rejects a given account number in use', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    await anAccount(db, company, { accountNumber: 'JEMC-100' });
    const error = await caught(anAccount(db, company, { accountNumber: 'JEMC-100' }));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('CUSTOMERS.ACCOUNT_NUMBER_TAKEN');
  });

  it('requires a bill delivery email for email delivery', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const customer = await aCustomer(db, company);
    const error = await caught(
      createAccount(db, customersContext(company), {
        customerId: customer.id,
        billCycleId: company.billCycleId,
      }),
    );
    expect(error.fields[0]?.path).toBe('0.billDeliveryEmail');
  });

  it('rejects an unknown bill cycle', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const other = await insertCompany(db);
    const customer = await aCustomer(db, company);
    const error = await caught(
      createAccount(db, customersContext(company), {
        customerId: customer.id,
        billCycleId: other.billCycleId,
        billDelivery: 'post',
      }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.code).toBe('CUSTOMERS.BILL_CYCLE_NOT_FOUND');
  });

  it('updates preferences and closes an account', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const account = await anAccount(db, company);
    const updated = await updateAccount(db, customersContext(company), account.id, {
      billDelivery: 'email',
      billDeliveryEmail: 'bills@example.com',
      paymentTermsDays: 15,
      status: 'closed',
    });
    expect(updated.status).toBe('closed');
    expect(updated.paymentTermsDays).toBe(15);
    const error = await caught(
      updateAccount(db, customersContext(company), account.id, { billDeliveryEmail: null }),
    );
    expect(error.fields[0]?.path).toBe('billDeliveryEmail');
  });

  it('searches accounts by number prefix or name', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const customer = await aCustomer(
      db,
      company,
      aPersonInput({ givenName: 'Odessa', familyName: 'Pruitt' }),
    );
    const account = await anAccount(db, company, { customerId: customer.id, accountNumber: 'PRU-77' });
    await anAccount(db, company);

    const asCompany = database().forCompany(company.companyId);
    const byName = await listAccounts(asCompany, customersContext(company), { search: 'pruitt' });
    expect(byName.items.map((item) => item.id)).toEqual([account.id]);
    const byNumber = await listAccounts(asCompany, customersContext(company), { search: 'PRU' });
    expect(byNumber.total).toBe(1);
  });

  it('keeps companies apart', async () => {
    const { db } = database();
    const first = await insertCompany(db);
    const second = await insertCompany(db);
    const account = await anAccount(db, first);
    const intruder = customersContext(second);

    expect((await caught(getCustomer(db, intruder, account.customerId))).kind).toBe('not-found');
    expect((await caught(getAccount(db, intruder, account.id))).kind).toBe('not-found');
    expect((await caught(updateCustomer(db, intruder, account.customerId, { familyName: 'X' }))).kind).toBe(
      'not-found',
    );
    expect((await caught(updateAccount(db, intruder, account.id, { paymentTermsDays: 1 }))).kind).toBe(
      'not-found',
    );
    expect(
      (
        await caught(
          createAccount(db, intruder, {
            customerId: account.customerId,
            billCycleId: second.billCycleId,
            billDelivery: 'post',
          }),
        )
      ).code,
    ).toBe('CUSTOMERS.CUSTOMER_NOT_FOUND');
    expect((await listAccounts(db, intruder)).total).toBe(0);
    expect((await listCustomers(db, intruder)).total).toBe(0);
  });
});
