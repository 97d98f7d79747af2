import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Company } from '../domain/company.js';
import { selectCompanyByCode } from '../db/company-store.js';

/**
 * Finds a company by its code, ignoring case. The code column accepts only lowercase letters, digits and
 * hyphens (a CHECK constraint since the first migration), so its unique index already makes codes unique
 * whatever the case, and the lowercased input can use that index.
 */
export async function findCompanyByCode(db: DbOrTrx, code: string): Promise<Company | undefined> {
  return selectCompanyByCode(db, code.trim().toLowerCase());
}
