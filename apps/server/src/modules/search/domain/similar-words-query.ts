import { isNumber, listTypoVariants } from './typo-variants.js';

/**
 * A word of the search text as the similar search for names and addresses needs it: the word (lower case,
 * letters and digits only, as parseSearchQuery splits it), whether it may be the start of a longer word,
 * and the words one typo away. search.build_words_query (migration 0065) builds the queries from these.
 */
export type SimilarWord = { word: string; start: boolean; variants: string[] };

/**
 * The minimum length of a word whose typo variants are searched. The variants of a 2-letter word are
 * mostly other short words and initials, but those of a 2-digit house number ("21" for "12") are kept.
 */
export const MIN_TYPO_LETTERS = 3;
export const MIN_TYPO_DIGITS = 2;
/**
 * The maximum length of a word whose typo variants are searched. A word of n letters has about 53 × n
 * variants, and names and street names are shorter than this.
 */
export const MAX_TYPO_LENGTH = 20;

export function hasTypoVariants(word: string): boolean {
  const length = Array.from(word).length;
  if (length > MAX_TYPO_LENGTH) return false;
  return isNumber(word) ? length >= MIN_TYPO_DIGITS : length >= MIN_TYPO_LETTERS;
}

/**
 * Returns whether the word at `index` may be the start of a longer word. The last word may be typed only
 * in part, and so may any name or street ("mar smit"). A house number typed before the street is
 * complete, so "543 walnut" does not stand for 5430 Walnut Street.
 */
export function mayStartWord(words: readonly string[], index: number): boolean {
  return index === words.length - 1 || !isNumber(words[index] ?? '');
}

/** Describes the words of a search text for the similar search (see SimilarWord). */
export function describeSimilarWords(words: readonly string[]): SimilarWord[] {
  return words.map((word, index) => ({
    word,
    start: mayStartWord(words, index),
    variants: hasTypoVariants(word) ? listTypoVariants(word) : [],
  }));
}
