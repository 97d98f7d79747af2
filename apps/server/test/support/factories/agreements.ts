import {
  createServiceAgreement,
  type CreateServiceAgreementInput,
  type ServiceAgreement,
} from '../../../src/modules/agreements/index.js';
import { systemContext, type Db } from '../../../src/platform/context/request-context.js';
import type { CompanyFixture } from './company.js';
import { anAccount } from './customers.js';
import { aServicePoint } from './premises.js';
import { aTariff } from './rates.js';

/** Creates an agreement from 2025-01-01, with a new account, service point and tariff unless given. */
export async function anAgreement(
  db: Db,
  company: CompanyFixture,
  overrides: Partial<CreateServiceAgreementInput> = {},
): Promise<ServiceAgreement> {
  return createServiceAgreement(db, systemContext(company.companyId, 'agreements-test'), {
    accountId: overrides.accountId ?? (await anAccount(db, company)).id,
    servicePointId: overrides.servicePointId ?? (await aServicePoint(db, company)).id,
    tariffId: overrides.tariffId ?? (await aTariff(db, company)).id,
    startOn: '2025-01-01',
    ...overrides,
  });
}
