import { newId } from '../../../platform/ids/new-id.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Actor } from '../../../platform/context/request-context.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { conflict } from '../../../platform/errors/app-error.js';
import type { Company } from '../domain/company.js';
import { parseNewCompany, type NewCompanyInput } from '../domain/parse-new-company.js';
import { insertCompany } from '../db/company-store.js';

/**
 * Creates a company (tenant) and its audit row; a taken code is a conflict. The rows are written in the
 * new company's own scope, the only one whose row-level security accepts them.
 */
export async function createCompany(
  database: Pick<DatabaseScopes, 'forCompany'>,
  actor: Actor,
  input: NewCompanyInput,
): Promise<Company> {
  const company = parseNewCompany(input);
  const id = newId();
  return database
    .forCompany(id)
    .transaction()
    .execute(async (trx) => {
      const created = await insertCompany(trx, id, company);
      if (!created) {
        throw conflict(
          'COMPANIES.CODE_TAKEN',
          `A company with code "${company.code}" exists already: choose another code.`,
        );
      }
      await recordAudit(trx, { companyId: id, actor, requestId: undefined }, [
        { entityType: 'company', entityId: id, action: 'create', changes: createdFields({ ...company }) },
      ]);
      return created;
    });
}
