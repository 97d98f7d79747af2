import { describe, expect, it } from 'vitest';
import {
  describeSimilarWords,
  hasTypoVariants,
} from '../../src/modules/search/domain/similar-words-query.js';
import { countEdits } from '../../src/modules/search/domain/typo-score.js';
import { listTypoVariants } from '../../src/modules/search/domain/typo-variants.js';

describe('listTypoVariants', () => {
  it.each([
    ['jonh', 'john'],
    ['smyth', 'smith'],
    ['lopes', 'lopez'],
    ['mian', 'main'],
    ['lovlace', 'lovelace'],
    ['adda', 'ada'],
    ['jcck', 'jack'],
    ['ojhn', 'john'],
  ])('turns %s into %s', (typed, meant) => {
    expect(listTypoVariants(typed)).toContain(meant);
  });

  it.each([
    ['21', '12'],
    ['2264', '2246'],
    ['124', '12'],
    ['1', '12'],
    ['13', '12'],
  ])('turns the number %s into %s', (typed, meant) => {
    expect(listTypoVariants(typed)).toContain(meant);
  });

  it('lists only words one edit away, without the word itself', () => {
    const variants = listTypoVariants('smyth');
    expect(variants).not.toContain('smyth');
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants.filter((variant) => countEdits('smyth', variant) !== 1)).toEqual([]);
  });

  it('varies a number by digits only', () => {
    expect(listTypoVariants('12').filter((variant) => !/^[0-9]+$/.test(variant))).toEqual([]);
  });

  it('adds and removes letters outside a to z that the word has', () => {
    expect(listTypoVariants('josé')).toContain('joséé');
    expect(listTypoVariants('josé')).toContain('jos');
    expect(listTypoVariants('jose')).not.toContain('josé');
  });
});

describe('describeSimilarWords', () => {
  it('lists each word with its typo variants', () => {
    expect(describeSimilarWords(['12', 'mian', 'st'])).toEqual([
      { word: '12', start: false, variants: listTypoVariants('12') },
      { word: 'mian', start: true, variants: listTypoVariants('mian') },
      { word: 'st', start: true, variants: [] },
    ]);
  });

  it('lets the last word start a longer word, a number too', () => {
    expect(describeSimilarWords(['main', 'street', '12']).map((word) => word.start)).toEqual([
      true,
      true,
      true,
    ]);
  });
});

describe('hasTypoVariants', () => {
  it.each([
    ['ab', false],
    ['abc', true],
    ['1', false],
    ['12', true],
    ['é1', false],
    ['a'.repeat(20), true],
    ['a'.repeat(21), false],
  ])('%s has typo variants: %s', (word, expected) => {
    expect(hasTypoVariants(word)).toBe(expected);
  });
});
