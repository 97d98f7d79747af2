import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { allocateRecoveredDebt } from '../../payments/index.js';
import { computeRecoveredDebtMinor } from '../domain/compute-recovered-debt.js';
import type { ReceiptLine } from '../domain/receipt-line.js';

/** A vend just sold, with the request that sold it. */
export type SettledSale = {
  vend: { id: string; accountId: string; lines: readonly ReceiptLine[] };
  madeBy: RequestContext;
};

/**
 * Allocates the debt that a batch's vends recovered to their accounts' open items, oldest item first, in
 * the batch's transaction (see allocateRecoveredDebt). It takes a fixed number of statements for the
 * batch, and none when no vend of it recovered debt.
 */
export async function settleRecoveredDebt(
  trx: Trx,
  context: RequestContext,
  sales: readonly SettledSale[],
): Promise<void> {
  await allocateRecoveredDebt(
    trx,
    context,
    sales.map(({ vend, madeBy }) => ({
      vendId: vend.id,
      accountId: vend.accountId,
      amountMinor: computeRecoveredDebtMinor(vend.lines),
      madeBy,
    })),
  );
}
