import { randomUUID } from 'node:crypto';
import { createCompany } from '../../../src/modules/companies/index.js';
import { createApiKey } from '../../../src/modules/identity/index.js';
import type { Db } from '../../../src/platform/context/request-context.js';
import { systemContext } from '../../../src/platform/context/request-context.js';

export type ApiKeyFixture = { companyId: string; companyCode: string; keyId: string; token: string };

/** Creates an EUR company through its use case, with one API key that holds `permissions`. */
export async function createCompanyWithApiKey(db: Db, permissions: string[] = ['*']): Promise<ApiKeyFixture> {
  const code = `co-${randomUUID().slice(0, 8)}`;
  // The owner session of a test database is a superuser, outside row-level security, so it serves as
  // every company's scope.
  const company = await createCompany(
    { forCompany: () => db },
    { kind: 'system', id: 'test' },
    {
      code,
      name: `Company ${code}`,
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
    },
  );
  const key = await createTestApiKey(db, company.id, permissions);
  return { companyId: company.id, companyCode: code, ...key };
}

export async function createTestApiKey(
  db: Db,
  companyId: string,
  permissions: string[],
): Promise<{ keyId: string; token: string }> {
  const created = await createApiKey(db, systemContext(companyId, 'test'), {
    name: `key ${permissions.join(' ')}`,
    permissions,
  });
  return { keyId: created.apiKey.id, token: created.token };
}
