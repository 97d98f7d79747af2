import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { describeMatches, type MatchDescription } from '../db/describe-matches.js';
import { findExactAndPrefixMatches } from '../db/exact-and-prefix-matches.js';
import { findSimilarMatches } from '../db/similar-matches.js';
import { needsSimilarMatches, rankSearchMatches, type SearchMatch } from '../domain/search-match.js';
import { parseSearchQuery } from '../domain/search-query.js';
import { createTypoScorer } from '../domain/typo-score.js';
import { searchQuerySchema, type SearchInput, type SearchResultItem } from '../domain/search-schemas.js';

/**
 * Searches the company's customers, accounts, meters, service points and premises for a name, number,
 * address, phone number or email address, best matches first (see rankSearchMatches).
 *
 * Exact and prefix lookups run first, and the slower full-text search for similar names and addresses
 * only when they leave room for it (see needsSimilarMatches). So a common name such as "Smith", or a name
 * or address typed without a typo, is served by the btree indexes alone. Matches of rank 3 from either
 * are scored by their typos (see createTypoScorer).
 */
export async function searchRecords(
  db: DbOrTrx,
  context: RequestContext,
  input: SearchInput,
): Promise<{ items: SearchResultItem[] }> {
  const { q, limit } = parseInput(searchQuerySchema, input, 'SEARCH.INVALID_QUERY');
  const query = parseSearchQuery(q);

  const scoreTypos = createTypoScorer(query.similarWords);
  const score = (found: SearchMatch[]) =>
    found.map((match) => (match.rank === 3 ? scoreTypos(match) : match));

  return inTransaction(db, async (trx) => {
    const direct = rankSearchMatches(
      score(await findExactAndPrefixMatches(trx, context.companyId, query, limit)),
      limit,
    );
    let matches: SearchMatch[] = direct;
    if (needsSimilarMatches(direct, query.text, limit)) {
      const similar = score(await findSimilarMatches(trx, query, limit));
      matches = rankSearchMatches([...direct, ...similar], limit);
    }

    const descriptions = await describeMatches(trx, context.companyId, matches);
    return { items: toResultItems(matches, descriptions) };
  });
}

// A record deleted between the two statements has no description and is left out.
function toResultItems(
  matches: readonly SearchMatch[],
  descriptions: readonly MatchDescription[],
): SearchResultItem[] {
  const byRecord = new Map(
    descriptions.map((description) => [`${description.kind}:${description.id}`, description]),
  );
  return matches.flatMap((match) => {
    const description = byRecord.get(`${match.kind}:${match.id}`);
    if (description === undefined) return [];
    return [
      {
        kind: match.kind,
        id: match.id,
        label: description.label,
        detail: description.detail,
        match: { field: match.field, value: match.value },
        customerId: description.customerId,
        accountId: description.accountId,
      },
    ];
  });
}
