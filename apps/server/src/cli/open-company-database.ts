import { findCompanyByCode, type Company } from '../modules/companies/index.js';
import { loadConfig } from '../platform/config/load-config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../platform/db/open-database.js';
import { systemContext, type Db, type RequestContext } from '../platform/context/request-context.js';
import { describeCliError } from './commands/companies-command.js';

/** The open database, the company, the database scoped to that company, and the `cli` system actor. */
export type CompanySession = { handle: DatabaseHandle; company: Company; db: Db; context: RequestContext };

/**
 * Opens the configured database, applies pending migrations, finds the company by its code and runs
 * `work` for it as the system actor `cli`; the database is closed afterwards whatever happens.
 */
export async function withCompanyDatabase<T>(
  companyCode: string,
  work: (session: CompanySession) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    await migrate(handle);
    const company = await findCompanyByCode(handle.platform, companyCode);
    if (!company) {
      const rows = await handle.platform
        .selectFrom('companies.company')
        .select('code')
        .orderBy('code')
        .limit(20)
        .execute();
      const known =
        rows.length > 0
          ? `companies here: ${rows.map((row) => row.code).join(', ')}`
          : 'this database has no company yet (run cis seed)';
      throw new Error(`Company "${companyCode}" was not found (--company); ${known}.`);
    }
    return await work({
      handle,
      company,
      db: handle.forCompany(company.id),
      context: systemContext(company.id, 'cli'),
    });
  } catch (error) {
    throw describeCliError(error);
  } finally {
    await handle.close();
  }
}
