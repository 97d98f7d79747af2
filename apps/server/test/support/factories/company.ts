import { randomUUID } from 'node:crypto';
import type { Db } from '../../../src/platform/context/request-context.js';

export type CompanyFixture = { companyId: string; code: string; billCycleId: string };

/** A company with one monthly bill cycle, inserted directly (for tests of modules that need only these). */
export async function insertCompany(
  db: Db,
  overrides: {
    currency?: string;
    minorUnit?: number;
    timeZone?: string;
    roundingMode?: 'half-up' | 'half-even';
  } = {},
): Promise<CompanyFixture> {
  const code = `co-${randomUUID().slice(0, 8)}`;
  const company = await db
    .insertInto('companies.company')
    .values({
      code,
      name: `Company ${code}`,
      currency: overrides.currency ?? 'EUR',
      currency_minor_unit: overrides.minorUnit ?? 2,
      time_zone: overrides.timeZone ?? 'Europe/Madrid',
      rounding_mode: overrides.roundingMode ?? 'half-up',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cycle = await db
    .insertInto('billing.bill_cycle')
    .values({ company_id: company.id, code: 'monthly', name: 'Monthly' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { companyId: company.id, code, billCycleId: cycle.id };
}

/** A person customer with one account on the company's bill cycle. */
export async function insertAccount(
  db: Db,
  company: CompanyFixture,
  overrides: { accountNumber?: string; paymentTermsDays?: number; createdAt?: Date } = {},
): Promise<{ accountId: string; customerId: string; accountNumber: string }> {
  const customer = await db
    .insertInto('customers.customer')
    .values({ company_id: company.companyId, kind: 'person', display_name: 'Ada Test', family_name: 'Test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const accountNumber = overrides.accountNumber ?? `A-${randomUUID().slice(0, 13)}`;
  const account = await db
    .insertInto('customers.account')
    .values({
      company_id: company.companyId,
      account_number: accountNumber,
      customer_id: customer.id,
      bill_cycle_id: company.billCycleId,
      payment_terms_days: overrides.paymentTermsDays ?? 20,
      ...(overrides.createdAt ? { created_at: overrides.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { accountId: account.id, customerId: customer.id, accountNumber };
}
