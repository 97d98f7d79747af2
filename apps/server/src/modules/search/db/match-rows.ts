import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { SearchMatch } from '../domain/search-match.js';

/** A row of a match statement: every branch of its union returns the columns of a SearchMatch. */
export type MatchRow = SearchMatch;

/**
 * Builds a premise's address as the search shows it: "12 Oak Street, Jefferson 30549". The function
 * search.find_similar of migration 0065 writes addresses in the same format.
 */
export function premiseAddress(alias: string): RawBuilder<string> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<string>`${column('address_line1')} || ', ' || ${column('city')} || coalesce(' ' || ${column('postal_code')}, '')`;
}

/** Joins the branches with UNION ALL; each branch is a parenthesised SELECT with its own LIMIT. */
export function unionOfBranches(branches: RawBuilder<unknown>[]): RawBuilder<MatchRow> {
  return sql<MatchRow>`${sql.join(branches, sql` union all `)}`;
}

export async function executeMatchStatement(
  db: DbOrTrx,
  statement: RawBuilder<MatchRow> | undefined,
): Promise<SearchMatch[]> {
  if (statement === undefined) return [];
  const result = await statement.execute(db);
  return result.rows;
}
