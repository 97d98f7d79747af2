import { describe, expect, it } from 'vitest';
import { withArticle } from '../../src/platform/text/with-article.js';

describe('withArticle', () => {
  it('puts an before a vowel', () => {
    expect(withArticle('electricity')).toBe('an electricity');
    expect(withArticle('Ampere')).toBe('an Ampere');
  });

  it('puts a before a consonant', () => {
    expect(withArticle('water')).toBe('a water');
    expect(withArticle('gas')).toBe('a gas');
  });
});
