import { foldText } from './fold-text.js';
import type { SearchMatch } from './search-match.js';
import { mayStartWord } from './similar-words-query.js';
import { isNumber } from './typo-variants.js';

/** Costs of a swap of two neighbouring characters and of a doubled character typed once or twice. */
type EditCosts = { swap: number; doubled: number };

/**
 * Counts the edits (insert, delete or replace a letter, or swap two neighbouring letters) that turn `from`
 * into `to`: the optimal string alignment distance, a restricted Damerau-Levenshtein distance.
 */
export function countEdits(from: string, to: string): number {
  return alignStrings(from, to, { swap: 1, doubled: 1 });
}

/**
 * Weighs the typing mistakes that turn `typed` into `stored` as countEdits does, except that two swapped
 * neighbours and a doubled character typed once or twice ("Mary" for "Marry", "5543" for "543") cost 0.5.
 * Those are the most common slips of the fingers, so they rank above a wrong character.
 */
export function weighTypos(typed: string, stored: string): number {
  return alignStrings(typed, stored, { swap: 0.5, doubled: 0.5 });
}

function alignStrings(from: string, to: string, costs: EditCosts): number {
  const width = to.length + 1;
  const deleteCost = (row: number) => (row > 1 && from[row - 1] === from[row - 2] ? costs.doubled : 1);
  const insertCost = (column: number) =>
    column > 1 && to[column - 1] === to[column - 2] ? costs.doubled : 1;
  // Three rows of the dynamic programming table: two rows back, the previous row and the current one.
  let beforePrevious = new Array<number>(width).fill(0);
  let previous = new Array<number>(width).fill(0);
  for (let column = 1; column < width; column += 1)
    previous[column] = previous[column - 1]! + insertCost(column);
  let current = new Array<number>(width).fill(0);
  for (let row = 1; row <= from.length; row += 1) {
    current[0] = previous[0]! + deleteCost(row);
    for (let column = 1; column < width; column += 1) {
      const replaceCost = from[row - 1] === to[column - 1] ? 0 : 1;
      let cost = Math.min(
        previous[column]! + deleteCost(row),
        current[column - 1]! + insertCost(column),
        previous[column - 1]! + replaceCost,
      );
      const isSwap =
        row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1];
      if (isSwap) cost = Math.min(cost, beforePrevious[column - 2]! + costs.swap);
      current[column] = cost;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[width - 1]!;
}

// A query word that only starts a stored word ("smi" of "Smith") scores a little below the whole word.
const PREFIX_WEIGHT = 0.9;

type WordScore = (index: number, valueWord: string) => number;

/**
 * Scores from 0 to 1 how closely the words of a text, typos allowed, appear among the words of a value.
 * Each text word scores the best 1 − weighTypos ÷ word length over the value's words, and the score is
 * the mean over the text words. A value word cut to the text word's length also counts, at PREFIX_WEIGHT,
 * for a text word that may start a longer word (see mayStartWord). A number and a word with letters
 * score 0 against each other, because a typo does not turn one into the other. The value's words are
 * folded (see foldText), as the text words are.
 */
export function scoreTypedWords(textWords: readonly string[], value: string): number {
  return scoreWords(textWords, value, (index, valueWord) =>
    scoreWordPair(textWords[index]!, valueWord, mayStartWord(textWords, index)),
  );
}

/**
 * Builds the function that scores the similar search's matches for the words of one text: a match's
 * similarity becomes scoreTypedWords of its value. It remembers the score of each text word against each
 * value word, because the hundreds of candidates of one search share most of their words.
 */
export function createTypoScorer(textWords: readonly string[]): (match: SearchMatch) => SearchMatch {
  const known = textWords.map(() => new Map<string, number>());
  const scoreKnownPair: WordScore = (index, valueWord) => {
    const scores = known[index]!;
    let score = scores.get(valueWord);
    if (score === undefined) {
      score = scoreWordPair(textWords[index]!, valueWord, mayStartWord(textWords, index));
      scores.set(valueWord, score);
    }
    return score;
  };
  return (match) => ({ ...match, similarity: scoreWords(textWords, match.value, scoreKnownPair) });
}

function scoreWords(textWords: readonly string[], value: string, scoreWord: WordScore): number {
  if (textWords.length === 0) return 0;
  const valueWords = foldText(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  let total = 0;
  for (let index = 0; index < textWords.length; index += 1) {
    let best = 0;
    for (const valueWord of valueWords) {
      best = Math.max(best, scoreWord(index, valueWord));
      if (best === 1) break;
    }
    total += best;
  }
  return total / textWords.length;
}

function scoreWordPair(textWord: string, valueWord: string, canBeStart: boolean): number {
  if (textWord === valueWord) return 1;
  if (isNumber(textWord) !== isNumber(valueWord)) return 0;
  const whole = 1 - weighTypos(textWord, valueWord) / textWord.length;
  if (!canBeStart) return whole;
  const cut = valueWord.slice(0, textWord.length);
  const start = cut === textWord ? 1 : 1 - weighTypos(textWord, cut) / textWord.length;
  return Math.max(whole, start * PREFIX_WEIGHT);
}
