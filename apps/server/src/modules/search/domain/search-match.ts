export const searchKinds = ['customer', 'account', 'meter', 'service-point', 'premise'] as const;
export type SearchKind = (typeof searchKinds)[number];

export const searchFields = [
  'id',
  'accountNumber',
  'serialNumber',
  'marketId',
  'email',
  'phone',
  'name',
  'address',
] as const;
export type SearchField = (typeof searchFields)[number];

/**
 * Rank of a match, best first. 0 is an identifier, email or phone number equal to the text, or a phone
 * number the text adds a country prefix to. 1 is one that starts with the text (a phone number ends with
 * it). 2 is a name or address that starts with the text, and 3 is one whose words resemble it.
 */
export type MatchRank = 0 | 1 | 2 | 3;

/** One record that matched the search, before it is described for display. */
export type SearchMatch = {
  kind: SearchKind;
  id: string;
  field: SearchField;
  /** The stored value that matched, as stored. */
  value: string;
  rank: MatchRank;
  /** Resemblance of a rank 3 match to the text, from 0 to 1 (see createTypoScorer); 1 for other ranks. */
  similarity: number;
};

/**
 * Orders matches best first and keeps the best match of each record, at most `limit` of them. The order
 * is by rank, then by similarity, then shorter values first (the closest completion of a prefix). Value
 * and id break the remaining ties, so that the order is stable.
 */
export function rankSearchMatches(matches: readonly SearchMatch[], limit: number): SearchMatch[] {
  const sorted = [...matches].sort(compareMatches);
  const seen = new Set<string>();
  const ranked: SearchMatch[] = [];
  for (const match of sorted) {
    const key = `${match.kind}:${match.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ranked.push(match);
    if (ranked.length === limit) break;
  }
  return ranked;
}

/**
 * Returns whether the slower full-text search for similar names and addresses should follow the exact and
 * prefix lookups. It is skipped when they filled the page or found an identifier equal to the text. It is
 * also skipped when they found a name or address that starts with the text as typed (ignoring case). Then
 * the text has no typo, and similar records would only push down records that match it.
 */
export function needsSimilarMatches(direct: readonly SearchMatch[], text: string, limit: number): boolean {
  if (direct.length >= limit) return false;
  const typed = text.toLowerCase();
  return !direct.some(
    (match) => match.rank === 0 || (match.rank === 2 && match.value.toLowerCase().startsWith(typed)),
  );
}

function compareMatches(left: SearchMatch, right: SearchMatch): number {
  return (
    left.rank - right.rank ||
    right.similarity - left.similarity ||
    left.value.length - right.value.length ||
    compareText(left.value, right.value) ||
    compareText(left.id, right.id)
  );
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
