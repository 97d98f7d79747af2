import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { computeGeneratedAccountNumber, type Account } from '../domain/account.js';
import { createAccountInputSchema, type CreateAccountInput } from '../domain/account-schemas.js';
import {
  findAccountsByIds,
  insertAccounts,
  listTakenAccountNumbers,
  reserveAccountNumbers,
  type AccountRowDraft,
} from '../db/account-queries.js';
import { mapAccountViolation } from './map-account-violation.js';

const createAccountsInputSchema = z.array(createAccountInputSchema).min(1).max(10_000);

/**
 * Opens accounts for existing customers in one transaction. An account without a given number gets the
 * company's next generated number; generated numbers skip any number a caller already gave by hand.
 */
export async function createAccounts(
  db: DbOrTrx,
  context: RequestContext,
  inputs: CreateAccountInput[],
): Promise<Account[]> {
  assertPermission(context, 'customers:write');
  const parsed = parseInput(createAccountsInputSchema, inputs, 'CUSTOMERS.INVALID_ACCOUNT');
  assertGivenNumbersDistinct(
    parsed.flatMap((fields) => (fields.accountNumber ? [fields.accountNumber] : [])),
  );

  return inTransaction(db, async (trx) => {
    const generated = await drawAccountNumbers(
      trx,
      context.companyId,
      parsed.filter((fields) => !fields.accountNumber).length,
    );
    const drafts: AccountRowDraft[] = parsed.map((fields) => ({
      id: newId(),
      accountNumber: fields.accountNumber ?? generated.shift()!,
      customerId: fields.customerId,
      billCycleId: fields.billCycleId,
      billDelivery: fields.billDelivery,
      billDeliveryEmail: fields.billDeliveryEmail ?? null,
      paymentMethod: fields.paymentMethod,
      paymentTermsDays: fields.paymentTermsDays,
    }));

    try {
      await insertAccounts(trx, context.companyId, drafts);
    } catch (error) {
      const first = drafts[0];
      // In a batch the failing row is not known, so the message names the first row's references.
      throw (
        mapAccountViolation(error, { customerId: first?.customerId, billCycleId: first?.billCycleId }) ??
        error
      );
    }
    await recordAudit(
      trx,
      context,
      drafts.map((draft) => ({
        entityType: 'account',
        entityId: draft.id,
        action: 'create' as const,
        changes: createdFields({ ...draft }),
      })),
    );
    await enqueueEvents(
      trx,
      context,
      drafts.map((draft) => ({
        aggregateType: 'account',
        aggregateId: draft.id,
        eventType: 'account.created',
        payload: { accountId: draft.id, accountNumber: draft.accountNumber, customerId: draft.customerId },
      })),
    );
    const created = new Map(
      (
        await findAccountsByIds(
          trx,
          context.companyId,
          drafts.map((draft) => draft.id),
        )
      ).map((account) => [account.id, account]),
    );
    return drafts.map((draft) => created.get(draft.id)!);
  });
}

function assertGivenNumbersDistinct(numbers: string[]): void {
  const seen = new Set<string>();
  for (const number of numbers) {
    if (seen.has(number)) {
      throw conflict(
        'CUSTOMERS.ACCOUNT_NUMBER_TAKEN',
        `Account number "${number}" is given twice: give each account its own number.`,
      );
    }
    seen.add(number);
  }
}

async function drawAccountNumbers(trx: Trx, companyId: string, count: number): Promise<string[]> {
  const numbers: string[] = [];
  while (numbers.length < count) {
    const needed = count - numbers.length;
    const first = await reserveAccountNumbers(trx, companyId, needed);
    const candidates = Array.from({ length: needed }, (_, offset) =>
      computeGeneratedAccountNumber(first + BigInt(offset)),
    );
    const taken = await listTakenAccountNumbers(trx, companyId, candidates);
    numbers.push(...candidates.filter((candidate) => !taken.has(candidate)));
  }
  return numbers;
}
