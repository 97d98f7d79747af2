import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { selectVend, type StoredVend } from '../db/vend-store.js';
import { selectCashier } from '../db/vending-agent-queries.js';
import { isAgentUser } from './agent-float.js';

/**
 * Returns a vend with its receipt lines and tokens, or throws not-found. An agent's login finds only its
 * own agent's vends.
 */
export async function getVend(db: DbOrTrx, context: RequestContext, vendId: string): Promise<StoredVend> {
  const vend = await selectVend(db, context.companyId, { id: vendId });
  const cashier = await selectCashier(db, context.companyId, context.actor);
  const agentId = cashier?.agentId ?? ((await isAgentUser(db, context)) ? 'none' : undefined);
  if (!vend || (agentId !== undefined && vend.agentId !== agentId)) {
    throw notFound('PREPAYMENT.VEND_NOT_FOUND', `Vend ${vendId} does not exist in this company.`);
  }
  return vend;
}
