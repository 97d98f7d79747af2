import type { SearchMatch } from './search-match.js';

/**
 * Counts the edits (insert, delete or replace a letter, or swap two neighbouring letters) that turn `from`
 * into `to`: the optimal string alignment distance, a restricted Damerau-Levenshtein distance.
 */
export function countEdits(from: string, to: string): number {
  const width = to.length + 1;
  // Three rows of the dynamic programming table: two rows back, the previous row and the current one.
  let beforePrevious = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, column) => column);
  let current = new Array<number>(width).fill(0);
  for (let row = 1; row <= from.length; row += 1) {
    current[0] = row;
    for (let column = 1; column < width; column += 1) {
      const replaceCost = from[row - 1] === to[column - 1] ? 0 : 1;
      let edits = Math.min(
        previous[column]! + 1,
        current[column - 1]! + 1,
        previous[column - 1]! + replaceCost,
      );
      const isSwap =
        row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1];
      if (isSwap) edits = Math.min(edits, beforePrevious[column - 2]! + 1);
      current[column] = edits;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[width - 1]!;
}

// A query word that only starts a stored word ("smi" of "Smith") scores a little below the whole word.
const PREFIX_WEIGHT = 0.9;

/**
 * Scores from 0 to 1 how closely the words of a text, typos allowed, appear among the words of a value.
 * Each text word scores the best 1 − edits ÷ word length over the value's words, and the score is the mean
 * over the text words. A value word cut to the text word's length also counts, at PREFIX_WEIGHT.
 */
export function scoreTypedWords(textWords: readonly string[], value: string): number {
  if (textWords.length === 0) return 0;
  const valueWords = value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  let total = 0;
  for (const textWord of textWords) {
    let best = 0;
    for (const valueWord of valueWords) {
      const whole = 1 - countEdits(textWord, valueWord) / textWord.length;
      const start =
        (1 - countEdits(textWord, valueWord.slice(0, textWord.length)) / textWord.length) * PREFIX_WEIGHT;
      best = Math.max(best, whole, start);
    }
    total += best;
  }
  return total / textWords.length;
}

/**
 * Scores a match of the trigram search by its typos as well, because trigrams alone rank "Catherine James"
 * above "James Carter" for "james catrer". The new similarity is two parts scoreTypedWords and one part
 * the trigram similarity from the database.
 */
export function scoreSimilarMatch(match: SearchMatch, textWords: readonly string[]): SearchMatch {
  return { ...match, similarity: (2 * scoreTypedWords(textWords, match.value) + match.similarity) / 3 };
}
