import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Company } from '../domain/company.js';
import { selectCompanyById } from '../db/company-store.js';

export async function getCompany(db: DbOrTrx, companyId: string): Promise<Company> {
  const company = await selectCompanyById(db, companyId);
  if (!company) throw notFound('COMPANIES.COMPANY_NOT_FOUND', `Company ${companyId} was not found.`);
  return company;
}
