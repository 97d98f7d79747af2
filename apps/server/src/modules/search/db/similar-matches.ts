import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { SearchMatch } from '../domain/search-match.js';
import type { SearchQuery } from '../domain/search-query.js';
import { executeMatchStatement, premiseAddress, unionOfBranches, type MatchRow } from './match-rows.js';

/**
 * The minimum word similarity (pg_trgm's %> operator) each word of the text needs with some part of a
 * name or address. At 0.35 one wrong, missing, doubled or swapped letter (not the first or last) kept a
 * word of 7 or more letters in 169 of 172 cases tried. In words of 5 or 6 letters a missing or doubled
 * letter always did, a wrong letter in 15 of 21 cases and a swap in 9 of 21. "smi" still finds Smith.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.35;

/**
 * The maximum number of rows of one table that the fuzzy search ranks. A street or city name alone ("oak ridge",
 * "lawrenceville") resembles tens of thousands of addresses among a million, and reading and ranking all
 * of them took 200 to 350 ms. The index scan still finds them all; only the first rows in table order are
 * ranked.
 * NOTE: so when more rows than this resemble the text, the closest of them may be missing from the
 * results. A text typed without typos is found by its prefix before this search runs (see searchRecords).
 */
export const MAX_SIMILAR_CANDIDATES = 1_000;

/**
 * The rows of each table that the statement returns, most similar first, for scoreSimilarMatch to rank
 * again: more than a page, so that a close match with a low trigram similarity can still rise into it.
 */
export const SIMILAR_MATCHES_TO_SCORE = 100;

/**
 * Sets pg_trgm's threshold for the %> operator until the end of the transaction. It has to be a setting:
 * the GIN index serves only the operator, not a comparison of word_similarity() with a number.
 */
export async function setWordSimilarityThreshold(trx: Trx): Promise<void> {
  await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(
    trx,
  );
}

/**
 * Builds the statement that finds customers whose display name, and premises whose address, resemble
 * every word of the text (a typo or a partial word included), most similar first. Returns undefined when
 * the text has no words to compare. Each word is a condition of the trigram index scan, so a common word
 * narrows the matches of a rarer one instead of adding to them.
 */
export function selectSimilarMatches(
  companyId: string,
  query: SearchQuery,
): RawBuilder<MatchRow> | undefined {
  if (query.similarWords.length === 0) return undefined;
  return unionOfBranches([similarNamesBranch(companyId, query), similarAddressesBranch(companyId, query)]);
}

/** Runs selectSimilarMatches in `trx`, whose threshold setWordSimilarityThreshold has set. */
export function findSimilarMatches(
  db: DbOrTrx,
  companyId: string,
  query: SearchQuery,
): Promise<SearchMatch[]> {
  return executeMatchStatement(db, selectSimilarMatches(companyId, query));
}

// The similarity averages word_similarity (how well the text matches part of the value) and similarity
// (how close the whole value is to the text), so that "Mary Smith" ranks above "Mary Smithfield-Jones".
function similarity(value: RawBuilder<string>, text: string): RawBuilder<number> {
  return sql<number>`((word_similarity(${text}, ${value}) + similarity(${text}, ${value})) / 2)`;
}

function similarNamesBranch(companyId: string, query: SearchQuery): RawBuilder<unknown> {
  const eachWord = query.similarWords.map((word) => sql`display_name %> ${word}`);
  return sql`(select 'customer' as kind, c.id, 'name' as field, c.display_name as value, 3 as rank,
    ${similarity(sql`c.display_name`, query.text)} as similarity
    from (
      select id, display_name from customers.customer
      where company_id = ${companyId}::uuid and ${sql.join(eachWord, sql` and `)}
      limit ${MAX_SIMILAR_CANDIDATES}
    ) c
    order by similarity desc, c.display_name limit ${SIMILAR_MATCHES_TO_SCORE})`;
}

// A word may match any part of the address: "oak ridge jefferson" finds 12 Oak Ridge Road in Jefferson.
// address_text, a generated column, contains the whole address, so one index scan tests every word.
function similarAddressesBranch(companyId: string, query: SearchQuery): RawBuilder<unknown> {
  const eachWord = query.similarWords.map((word) => sql`address_text %> ${word}`);
  return sql`(select 'premise' as kind, p.id, 'address' as field, ${premiseAddress('p')} as value, 3 as rank,
    ${similarity(sql`p.address_text`, query.text)} as similarity
    from (
      select id, address_line1, city, postal_code, address_text from premises.premise
      where company_id = ${companyId}::uuid and ${sql.join(eachWord, sql` and `)}
      limit ${MAX_SIMILAR_CANDIDATES}
    ) p
    order by similarity desc, p.address_line1 limit ${SIMILAR_MATCHES_TO_SCORE})`;
}
