import { describe, expect, it } from 'vitest';
import {
  countEdits,
  createTypoScorer,
  scoreTypedWords,
  weighTypos,
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

describe('weighTypos', () => {
  it.each([
    ['carter', 'carter', 0],
    ['catrer', 'carter', 0.5],
    ['cartter', 'carter', 0.5],
    ['mary', 'marry', 0.5],
    ['5543', '543', 0.5],
    ['cxrter', 'carter', 1],
    ['cartr', 'carter', 1],
    ['13', '12', 1],
    ['catrre', 'carter', 1],
  ])('%s to %s weighs %d', (typed, stored, weight) => {
    expect(weighTypos(typed, stored)).toBe(weight);
  });
});

describe('scoreTypedWords', () => {
  it('scores equal words 1', () => {
    expect(scoreTypedWords(['james', 'carter'], 'James Carter')).toBe(1);
  });

  it('scores a typo below an equal word', () => {
    expect(scoreTypedWords(['cxrter'], 'James Carter')).toBeCloseTo(5 / 6);
    expect(scoreTypedWords(['catrer'], 'James Carter')).toBeCloseTo(11 / 12);
  });

  it('scores a number before other words as whole only', () => {
    expect(scoreTypedWords(['543', 'walnut'], '5430 Walnut Street')).toBeCloseTo((2 / 3 + 1) / 2);
    expect(scoreTypedWords(['walnut', '543'], 'Walnut Street 5430')).toBeCloseTo((1 + 0.9) / 2);
  });

  it('scores the start of a word at 0.9', () => {
    expect(scoreTypedWords(['smi'], 'Mary Smith')).toBeCloseTo(0.9);
  });

  it('scores no words 0', () => {
    expect(scoreTypedWords([], 'Mary Smith')).toBe(0);
  });
});

describe('createTypoScorer', () => {
  const scoreAll = (words: string[], values: string[]) => {
    const score = createTypoScorer(words);
    return values.map(
      (value) =>
        score({ kind: 'customer', id: value, field: 'name', value, rank: 3, similarity: 0 }).similarity,
    );
  };

  it('ranks the name with fewer typos first', () => {
    const [carter, catherine] = scoreAll(['james', 'catrer'], ['James Carter', 'Catherine James']);
    expect(carter).toBeGreaterThan(catherine!);
  });

  it('ranks a swapped or doubled digit above a wrong one', () => {
    const [typed, swapped, doubled, wrong] = scoreAll(
      ['12', 'mian', 'street'],
      [
        '12 Main Street, Jefferson 30549',
        '21 Main Street, Jefferson 30549',
        '122 Main Street, Jefferson 30549',
        '13 Main Street, Jefferson 30549',
      ],
    );
    expect(typed).toBeGreaterThan(swapped!);
    expect(swapped).toBe(doubled);
    expect(doubled).toBeGreaterThan(wrong!);
  });

  it('scores as scoreTypedWords does', () => {
    const values = ['Mary Smith', 'Mary Smithfield-Jones', 'Smyth Mary'];
    expect(scoreAll(['mary', 'smyth'], values)).toEqual(
      values.map((value) => scoreTypedWords(['mary', 'smyth'], value)),
    );
  });
});
