import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { SearchField, SearchKind, SearchMatch } from '../domain/search-match.js';
import { phoneNumbersWithoutPrefix, type NamePrefixes, type SearchQuery } from '../domain/search-query.js';
import { executeMatchStatement, premiseAddress, unionOfBranches, type MatchRow } from './match-rows.js';

// NOTE: the search reads the tables of the customers, premises and devices modules directly. It ranks
// matches of all of them in one statement, which their one-record lookups could not do within the time a
// keystroke allows.

type PrefixColumn = {
  kind: SearchKind;
  field: SearchField;
  table: string;
  column: string;
  /** The record the match opens, when it is not the row itself (a contact opens its customer). */
  idColumn?: string;
  /** The value shown as matched, when it is not the searched column (a contact's value as stored). */
  valueColumn?: string;
};

const accountNumber: PrefixColumn = {
  kind: 'account',
  field: 'accountNumber',
  table: 'customers.account',
  column: 'account_number',
};
const serialNumber: PrefixColumn = {
  kind: 'meter',
  field: 'serialNumber',
  table: 'devices.meter',
  column: 'serial_number',
};
const marketId: PrefixColumn = {
  kind: 'service-point',
  field: 'marketId',
  table: 'premises.service_point',
  column: 'market_id',
};
const email: PrefixColumn = {
  kind: 'customer',
  field: 'email',
  table: 'customers.customer_contact',
  column: 'email_lower',
  idColumn: 'customer_id',
  valueColumn: 'value',
};

const tablesById: { kind: SearchKind; table: string }[] = [
  { kind: 'customer', table: 'customers.customer' },
  { kind: 'account', table: 'customers.account' },
  { kind: 'premise', table: 'premises.premise' },
  { kind: 'service-point', table: 'premises.service_point' },
  { kind: 'meter', table: 'devices.meter' },
];

/**
 * Builds the statement that finds records by id, by identifier, email or phone number (exact or prefix),
 * and by the start of a name or address, also with a typo in its house number. Returns undefined when the
 * query gives none of these lookups.
 * Each branch scans a btree index in order and stops after `limit` rows, so a short prefix costs no more
 * than a long one.
 */
export function selectExactAndPrefixMatches(
  companyId: string,
  query: SearchQuery,
  limit: number,
): RawBuilder<MatchRow> | undefined {
  const branches: RawBuilder<unknown>[] = [];
  if (query.id !== null) {
    for (const { kind, table } of tablesById) branches.push(idBranch(companyId, kind, table, query.id));
  }
  for (const spelling of query.identifierSpellings) {
    for (const column of [accountNumber, serialNumber, marketId]) {
      branches.push(prefixBranch(companyId, column, spelling, limit, query.identifierPrefixRank));
    }
  }
  if (query.emailPrefix !== null) {
    branches.push(prefixBranch(companyId, email, query.emailPrefix, limit, 1));
  }
  if (query.phoneDigitsReversed !== null) {
    branches.push(phoneBranch(companyId, query.phoneDigitsReversed, limit));
  }
  for (const spelling of query.prefixSpellings) {
    branches.push(displayNameBranch(companyId, spelling, limit));
    branches.push(addressBranch(companyId, spelling, limit));
  }
  for (const names of query.familyAndGivenNames) {
    branches.push(familyNameBranch(companyId, names, limit));
  }
  if (query.houseNumberPrefixes.length > 0) {
    branches.push(houseNumberTypoBranch(companyId, query.houseNumberPrefixes, limit));
  }
  return branches.length === 0 ? undefined : unionOfBranches(branches);
}

export function findExactAndPrefixMatches(
  db: DbOrTrx,
  companyId: string,
  query: SearchQuery,
  limit: number,
): Promise<SearchMatch[]> {
  return executeMatchStatement(db, selectExactAndPrefixMatches(companyId, query, limit));
}

function idBranch(companyId: string, kind: SearchKind, table: string, id: string): RawBuilder<unknown> {
  return sql`(select ${sql.lit(kind)} as kind, id, 'id' as field, id::text as value, 0 as rank,
    1::real as similarity
    from ${sql.table(table)} where company_id = ${companyId}::uuid and id = ${id}::uuid)`;
}

// An identifier equal to the text ranks 0 and one that starts with it `prefixRank`, and a name or address
// ranks 2 either way (`prefixRank` 'name'). ORDER BY ... USING ~<~ is the order of the text_pattern_ops
// index, so the scan stops at the limit.
function prefixBranch(
  companyId: string,
  target: PrefixColumn,
  prefix: string,
  limit: number,
  prefixRank: 1 | 2 | 'name',
): RawBuilder<unknown> {
  const column = sql.ref(target.column);
  const rank =
    prefixRank === 'name'
      ? sql`2`
      : sql`case when ${column} = ${prefix} then 0 else ${sql.lit(prefixRank)} end`;
  return sql`(select ${sql.lit(target.kind)} as kind, ${sql.ref(target.idColumn ?? 'id')} as id,
    ${sql.lit(target.field)} as field, ${sql.ref(target.valueColumn ?? target.column)} as value,
    ${rank} as rank, 1::real as similarity
    from ${sql.table(target.table)}
    where company_id = ${companyId}::uuid and ${column} is not null and starts_with(${column}, ${prefix})
    order by ${column} using ~<~ limit ${limit})`;
}

function displayNameBranch(companyId: string, prefix: string, limit: number): RawBuilder<unknown> {
  const displayName: PrefixColumn = {
    kind: 'customer',
    field: 'name',
    table: 'customers.customer',
    column: 'display_name',
  };
  return prefixBranch(companyId, displayName, prefix, limit, 'name');
}

// Matches "Smith", "Smith Ma" and "Mar Smi" to Mary Smith through the starts of the family and given names.
function familyNameBranch(companyId: string, names: NamePrefixes, limit: number): RawBuilder<unknown> {
  const givenName = names.givenName === null ? sql`` : sql`and starts_with(given_name, ${names.givenName})`;
  return sql`(select 'customer' as kind, id, 'name' as field, display_name as value, 2 as rank,
    1::real as similarity
    from customers.customer
    where company_id = ${companyId}::uuid and family_name is not null
      and starts_with(family_name, ${names.familyName}) ${givenName}
    order by family_name using ~<~, given_name using ~<~ limit ${limit})`;
}

function addressBranch(companyId: string, prefix: string, limit: number): RawBuilder<unknown> {
  return sql`(select 'premise' as kind, p.id, 'address' as field, ${premiseAddress('p')} as value,
    2 as rank, 1::real as similarity
    from premises.premise p
    where p.company_id = ${companyId}::uuid and starts_with(p.address_line1, ${prefix})
    order by p.address_line1 using ~<~ limit ${limit})`;
}

// Addresses that start as typed but with a house number one typo away ("534 Walnut" for "543 walnut") rank
// 3, with similarity 0 until createTypoScorer scores them. starts_with() becomes an index condition only
// for a constant, and here each prefix comes from the unnested array. So the scan compares with ~>=~ and
// ~<~, which are LEAKPROOF as well: a text starts with the prefix when it sorts from the prefix up to
// the prefix followed by U+10FFFF, the highest code point.
function houseNumberTypoBranch(companyId: string, prefixes: string[], limit: number): RawBuilder<unknown> {
  const upperBounds = prefixes.map((prefix) => `${prefix}\u{10FFFF}`);
  return sql`(select 'premise' as kind, p.id, 'address' as field, ${premiseAddress('p')} as value,
    3 as rank, 0::real as similarity
    from unnest(${prefixes}::text[], ${upperBounds}::text[]) as typed (prefix, upper_bound)
    cross join lateral (
      select id, address_line1, city, postal_code from premises.premise
      where company_id = ${companyId}::uuid
        and address_line1 ~>=~ typed.prefix and address_line1 ~<~ typed.upper_bound
      order by address_line1 using ~<~ limit ${limit}
    ) p)`;
}

// A stored number that ends with the digits typed ranks 1, one equal to them 0, and one equal to them
// without a country or trunk prefix 0 as well. The reversed digits turn both into index lookups.
function phoneBranch(companyId: string, digitsReversed: string, limit: number): RawBuilder<unknown> {
  const withoutPrefix = phoneNumbersWithoutPrefix(digitsReversed);
  const column = sql.ref('phone_digits_reversed');
  const isEqual =
    withoutPrefix.length === 0
      ? sql`${column} = ${digitsReversed}`
      : sql`(${column} = ${digitsReversed} or ${column} = any(${withoutPrefix}::text[]))`;
  return sql`(select 'customer' as kind, customer_id as id, 'phone' as field, value,
    case when ${isEqual} then 0 else 1 end as rank, 1::real as similarity
    from customers.customer_contact
    where company_id = ${companyId}::uuid and ${column} is not null
      and (starts_with(${column}, ${digitsReversed}) or ${isEqual})
    order by rank, ${column} using ~<~ limit ${limit})`;
}
