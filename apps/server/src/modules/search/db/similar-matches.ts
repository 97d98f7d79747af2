import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { SearchMatch } from '../domain/search-match.js';
import type { SearchQuery } from '../domain/search-query.js';
import { describeSimilarWords } from '../domain/similar-words-query.js';
import { executeMatchStatement, unionOfBranches, type MatchRow } from './match-rows.js';

/**
 * The maximum number of rows of one table that the similar search returns for each of its two queries
 * (words as typed, then with typos). A street or city name alone ("oak ridge", "lawrenceville") is in
 * tens of thousands of addresses among a million, and reading and ranking all of them would take hundreds
 * of milliseconds.
 * NOTE: so when more rows than this match, the first ones in table order are ranked, and the closest
 * may be missing from the results. A text typed without typos is mostly found by its prefix before this
 * search runs (see searchRecords).
 */
export const MAX_SIMILAR_CANDIDATES = 1_000;

/**
 * Builds the statement that finds customers whose display name, and premises whose address, have a word
 * for every word of the text. A word of theirs matches when it is the word typed or starts with it, or,
 * when that finds fewer than `limit` rows, when it is one typo away (see SimilarWord). Returns undefined
 * when the text has no words to compare. The functions of migration 0065 read the rows of the
 * transaction's company through the full-text indexes, whatever role runs the statement. The similarity
 * of each row is 0 until createTypoScorer scores it.
 */
export function selectSimilarMatches(query: SearchQuery, limit: number): RawBuilder<MatchRow> | undefined {
  if (query.similarWords.length === 0) return undefined;
  const words = JSON.stringify(describeSimilarWords(query.similarWords));
  return unionOfBranches([similarBranch('customer', words, limit), similarBranch('premise', words, limit)]);
}

export function findSimilarMatches(db: DbOrTrx, query: SearchQuery, limit: number): Promise<SearchMatch[]> {
  return executeMatchStatement(db, selectSimilarMatches(query, limit));
}

// The function returns a premise's address in the format of premiseAddress.
function similarBranch(kind: 'customer' | 'premise', words: string, limit: number): RawBuilder<unknown> {
  const field = kind === 'customer' ? 'name' : 'address';
  return sql`(select ${sql.lit(kind)} as kind, found.id, ${sql.lit(field)} as field, found.value, 3 as rank,
    0::real as similarity
    from search.find_similar(${kind}, ${words}::jsonb, ${limit}, ${MAX_SIMILAR_CANDIDATES}) found)`;
}
