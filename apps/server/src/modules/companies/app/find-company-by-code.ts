import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Company } from '../domain/company.js';
import { selectCompanyByCode } from '../db/company-store.js';

export async function findCompanyByCode(db: DbOrTrx, code: string): Promise<Company | undefined> {
  return selectCompanyByCode(db, code.trim());
}
