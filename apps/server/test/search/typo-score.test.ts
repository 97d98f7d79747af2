import { describe, expect, it } from 'vitest';
import {
  countEdits,
  scoreSimilarMatch,
  scoreTypedWords,
} from '../../src/modules/search/domain/typo-score.js';

describe('countEdits', () => {
  it.each([
    ['carter', 'carter', 0],
    ['catrer', 'carter', 1],
    ['cartr', 'carter', 1],
    ['carrter', 'carter', 1],
    ['cxrter', 'carter', 1],
    ['catrer', 'catherine', 4],
    ['', 'abc', 3],
    ['abc', '', 3],
  ])('%s to %s takes %i', (from, to, edits) => {
    expect(countEdits(from, to)).toBe(edits);
  });
});

describe('scoreTypedWords', () => {
  it('scores equal words 1', () => {
    expect(scoreTypedWords(['james', 'carter'], 'James Carter')).toBe(1);
  });

  it('scores a typo below an equal word', () => {
    expect(scoreTypedWords(['catrer'], 'James Carter')).toBeCloseTo(5 / 6);
  });

  it('scores the start of a word at 0.9', () => {
    expect(scoreTypedWords(['smi'], 'Mary Smith')).toBeCloseTo(0.9);
  });

  it('scores no words 0', () => {
    expect(scoreTypedWords([], 'Mary Smith')).toBe(0);
  });
});

describe('scoreSimilarMatch', () => {
  it('ranks the name with fewer typos first', () => {
    const match = (value: string, similarity: number) =>
      scoreSimilarMatch({ kind: 'customer', id: value, field: 'name', value, rank: 3, similarity }, [
        'james',
        'catrer',
      ]);
    // Trigram similarities from pg_trgm for "james catrer": Catherine James scores higher there.
    const carter = match('James Carter', 0.44);
    const catherine = match('Catherine James', 0.456);
    expect(carter.similarity).toBeGreaterThan(catherine.similarity);
  });
});
