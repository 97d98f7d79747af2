import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

/** A customer account with the money settings of its company, which every ledger amount is in. */
export type AccountRef = {
  accountId: string;
  accountNumber: string;
  currency: string;
  currencyMinorUnit: number;
  timeZone: string;
};

type AccountRefRow = {
  id: string;
  account_number: string;
  currency: string;
  currency_minor_unit: number;
  time_zone: string;
};

// NOTE: reads customers.account directly because the customers module exports no account lookup yet;
// the company's money settings come along in the same query. Switch to customers' index.ts once it does.
function selectAccountRef(db: DbOrTrx, companyId: string, column: 'id' | 'account_number', value: string) {
  return sql<AccountRefRow>`
    select a.id, a.account_number, c.currency, c.currency_minor_unit, c.time_zone
      from customers.account a
      join companies.company c on c.id = a.company_id
     where a.company_id = ${companyId} and ${sql.ref(`a.${column}`)} = ${value}
  `.execute(db);
}

function toAccountRef(row: AccountRefRow): AccountRef {
  return {
    accountId: row.id,
    accountNumber: row.account_number,
    currency: row.currency.trim(),
    currencyMinorUnit: Number(row.currency_minor_unit),
    timeZone: row.time_zone,
  };
}

export async function selectAccountRefById(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
): Promise<AccountRef | undefined> {
  const result = await selectAccountRef(db, companyId, 'id', accountId);
  return result.rows[0] && toAccountRef(result.rows[0]);
}

export async function selectAccountRefByNumber(
  db: DbOrTrx,
  companyId: string,
  accountNumber: string,
): Promise<AccountRef | undefined> {
  const result = await selectAccountRef(db, companyId, 'account_number', accountNumber);
  return result.rows[0] && toAccountRef(result.rows[0]);
}
