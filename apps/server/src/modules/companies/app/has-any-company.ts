import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { selectAnyCompanyId } from '../db/company-store.js';

/** Whether the database holds at least one company; `cis start` seeds the demo utility when it does not. */
export async function hasAnyCompany(db: DbOrTrx): Promise<boolean> {
  return (await selectAnyCompanyId(db)) !== undefined;
}
