import { expect, it } from 'vitest';
import {
  createServiceAgreement,
  endServiceAgreement,
  getServiceAgreement,
  listServiceAgreements,
} from '../../src/modules/agreements/index.js';
import { updateAccount } from '../../src/modules/customers/index.js';
import { createTariff } from '../../src/modules/rates/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { anAgreement } from '../support/factories/agreements.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { anAccount, customersContext } from '../support/factories/customers.js';
import { aServicePoint } from '../support/factories/premises.js';
import { aTariff } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

const contextOf = (company: CompanyFixture) => systemContext(company.companyId, 'agreements-test');

describeEachDatabase('service agreements', (database) => {
  it('creates and lists an agreement', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const agreement = await anAgreement(db, company, { paymentMode: 'prepaid' });
    expect(await getServiceAgreement(db, contextOf(company), agreement.id)).toEqual(agreement);
    const page = await listServiceAgreements(db, contextOf(company), { accountId: agreement.accountId });
    expect(page.items).toEqual([agreement]);
    expect((await listServiceAgreements(db, contextOf(company), { activeOn: '2024-12-31' })).total).toBe(0);
    expect((await listServiceAgreements(db, contextOf(company), { activeOn: '2025-01-01' })).total).toBe(1);
  });

  it('names an end date before the start', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const error = await caught(anAgreement(db, company, { startOn: '2025-03-01', endOn: '2025-03-01' }));
    expect(error.kind).toBe('validation');
    expect(error.fields[0]?.path).toBe('0.endOn');
    expect(error.fields[0]?.message).toContain('2025-03-01 must be after startOn (2025-03-01)');
  });

  it('rejects an overlapping agreement with both ranges', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aServicePoint(db, company);
    const first = await anAgreement(db, company, {
      servicePointId: point.id,
      startOn: '2025-01-01',
      endOn: '2025-07-01',
    });
    const error = await caught(anAgreement(db, company, { servicePointId: point.id, startOn: '2025-06-15' }));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('AGREEMENTS.AGREEMENT_OVERLAP');
    expect(error.message).toContain(first.id);
    expect(error.message).toContain('from 2025-01-01 until 2025-06-30');
    expect(error.message).toContain('from 2025-06-15 onwards');

    const next = await anAgreement(db, company, { servicePointId: point.id, startOn: '2025-07-01' });
    expect(next.startOn).toBe('2025-07-01');
  });

  it('ends an agreement and frees the service point', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const agreement = await anAgreement(db, company);
    const ended = await endServiceAgreement(db, contextOf(company), agreement.id, { endOn: '2025-05-15' });
    expect(ended.endOn).toBe('2025-05-15');
    const later = await caught(
      endServiceAgreement(db, contextOf(company), agreement.id, { endOn: '2025-06-01' }),
    );
    expect(later.code).toBe('AGREEMENTS.ALREADY_ENDED');
    const before = await caught(
      endServiceAgreement(db, contextOf(company), agreement.id, { endOn: '2024-12-01' }),
    );
    expect(before.fields[0]?.path).toBe('endOn');
    const successor = await anAgreement(db, company, {
      servicePointId: agreement.servicePointId,
      startOn: '2025-05-15',
    });
    expect(successor.startOn).toBe('2025-05-15');
  });

  it('rejects a closed account and a tariff of another service', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const account = await anAccount(db, company);
    await updateAccount(db, customersContext(company), account.id, { status: 'closed' });
    const closed = await caught(anAgreement(db, company, { accountId: account.id }));
    expect(closed.code).toBe('AGREEMENTS.ACCOUNT_CLOSED');

    const water = await createTariff(db, contextOf(company), { code: 'W1', name: 'Water', service: 'water' });
    const mismatch = await caught(anAgreement(db, company, { tariffId: water.id }));
    expect(mismatch.code).toBe('AGREEMENTS.SERVICE_MISMATCH');
  });

  it('keeps companies apart', async () => {
    const { db } = database();
    const first = await insertCompany(db);
    const second = await insertCompany(db);
    const agreement = await anAgreement(db, first);
    const intruder = contextOf(second);

    expect((await caught(getServiceAgreement(db, intruder, agreement.id))).kind).toBe('not-found');
    expect(
      (await caught(endServiceAgreement(db, intruder, agreement.id, { endOn: '2025-02-01' }))).kind,
    ).toBe('not-found');
    const ownAccount = await anAccount(db, second);
    const ownTariff = await aTariff(db, second);
    const error = await caught(
      createServiceAgreement(db, intruder, {
        accountId: ownAccount.id,
        servicePointId: agreement.servicePointId,
        tariffId: ownTariff.id,
        startOn: '2026-01-01',
      }),
    );
    expect(error.code).toBe('AGREEMENTS.SERVICE_POINT_NOT_FOUND');
    expect((await listServiceAgreements(db, intruder)).total).toBe(0);
  });
});
