import { sql, type RawBuilder } from 'kysely';

/*
 * The search= filters of the customer, account, premise and meter lists. Each builds `any(array(...))`
 * over a function of migration 0065 that returns the ids of the company's rows matching the text typed
 * into the filter, for use as `where id = <it>` in a query of that company. The functions use the trigram
 * and expression indexes, which the lists' own ILIKE conditions cannot use under row-level security, and
 * read the company of the transaction. An array, unlike `id in (select ...)`, lets the planner look the
 * ids up by primary key, because it estimates an array of unknown length as a few elements.
 */

/** Customers whose display name contains the text, ignoring case. */
export function anyCustomerIdMatching(typed: string): RawBuilder<string> {
  return sql<string>`any(array(select search.list_customer_ids_matching(${typed})))`;
}

/** Accounts whose number starts with the text, or whose customer's display name contains it, ignoring case. */
export function anyAccountIdMatching(typed: string): RawBuilder<string> {
  return sql<string>`any(array(select search.list_account_ids_matching(${typed})))`;
}

/**
 * Premises whose first address line or city contains the text, or whose postal code starts with it,
 * ignoring case.
 */
export function anyPremiseIdMatching(typed: string): RawBuilder<string> {
  return sql<string>`any(array(select search.list_premise_ids_matching(${typed})))`;
}

/** Meters whose serial number starts with the text, ignoring case. */
export function anyMeterIdMatching(typed: string): RawBuilder<string> {
  return sql<string>`any(array(select search.list_meter_ids_matching(${typed})))`;
}
