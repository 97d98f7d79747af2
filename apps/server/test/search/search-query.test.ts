import { describe, expect, it } from 'vitest';
import {
  needsSimilarMatches,
  rankSearchMatches,
  type SearchMatch,
} from '../../src/modules/search/domain/search-match.js';
import {
  capitaliseWords,
  parseSearchQuery,
  phoneNumbersWithoutPrefix,
} from '../../src/modules/search/domain/search-query.js';

describe('parseSearchQuery', () => {
  it('reads a UUID as an id only', () => {
    expect(parseSearchQuery(' 0190F3A2-7B1C-7D4E-8F00-0123456789AB ')).toEqual({
      text: '0190F3A2-7B1C-7D4E-8F00-0123456789AB',
      id: '0190f3a2-7b1c-7d4e-8f00-0123456789ab',
      identifierSpellings: [],
      identifierPrefixRank: 1,
      emailPrefix: null,
      phoneDigitsReversed: null,
      prefixSpellings: [],
      houseNumberPrefixes: [],
      familyAndGivenNames: [],
      similarWords: [],
    });
  });

  it('spells an identifier as typed, upper and lower case', () => {
    const query = parseSearchQuery('Lg2400');
    expect(query.identifierSpellings).toEqual(['Lg2400', 'LG2400', 'lg2400']);
    expect(query.phoneDigitsReversed).toBeNull();
  });

  it('looks no identifier up for words of letters', () => {
    expect(parseSearchQuery('Mary Smith').identifierSpellings).toEqual([]);
    expect(parseSearchQuery('M').identifierSpellings).toEqual([]);
  });

  it('looks a word of letters up as an identifier, ranked with the names', () => {
    const query = parseSearchQuery('jemc-New');
    expect(query.identifierSpellings).toEqual(['jemc-New', 'JEMC-NEW', 'jemc-new']);
    expect(query.identifierPrefixRank).toBe(2);
    expect(parseSearchQuery('Lg2400').identifierPrefixRank).toBe(1);
  });

  it('folds the accents of the similar words', () => {
    expect(parseSearchQuery('José NÚÑEZ Straße').similarWords).toEqual(['jose', 'nunez', 'strasse']);
  });

  it.each([
    ['+1 (706) 555-0143', '34105556071'],
    ['706.555.0143', '3410555607'],
    ['555014', '410555'],
  ])('reads %s as a phone number', (text, reversed) => {
    const query = parseSearchQuery(text);
    expect(query.phoneDigitsReversed).toBe(reversed);
    expect(query.similarWords).toEqual([]);
    expect(query.familyAndGivenNames).toEqual([]);
  });

  it.each(['55501', 'ACC-100200', '706 555 0143 x2'])('reads %s as no phone number', (text) => {
    expect(parseSearchQuery(text).phoneDigitsReversed).toBeNull();
  });

  it('lower-cases an email address and skips the name lookups', () => {
    const query = parseSearchQuery('Ada.Lovelace@Example.com');
    expect(query.emailPrefix).toBe('ada.lovelace@example.com');
    expect(query.prefixSpellings).toEqual([]);
    expect(query.similarWords).toEqual([]);
  });

  it('spells a name as typed and capitalised, in both orders', () => {
    const query = parseSearchQuery('  smith   mary ann ');
    expect(query.text).toBe('smith mary ann');
    expect(query.prefixSpellings).toEqual(['smith mary ann', 'Smith Mary Ann']);
    expect(query.familyAndGivenNames).toEqual([
      { familyName: 'smith', givenName: 'mary ann' },
      { familyName: 'Smith', givenName: 'Mary Ann' },
      { familyName: 'ann', givenName: 'smith mary' },
      { familyName: 'Ann', givenName: 'Smith Mary' },
    ]);
    expect(query.similarWords).toEqual(['smith', 'mary', 'ann']);
  });

  it('spells an address with each house number one typo away', () => {
    const query = parseSearchQuery('21 main st');
    expect(query.houseNumberPrefixes).toContain('12 main st');
    expect(query.houseNumberPrefixes).toContain('12 Main St');
    expect(query.houseNumberPrefixes).toContain('2 Main St');
    expect(query.houseNumberPrefixes).toContain('211 Main St');
    expect(query.houseNumberPrefixes).not.toContain('21 Main St');
    expect(query.houseNumberPrefixes.filter((prefix) => prefix.startsWith('0'))).toEqual([]);
  });

  it.each(['main street 21', '7 main street', '12a main', '2246'])(
    'spells no house number typos for %s',
    (text) => {
      expect(parseSearchQuery(text).houseNumberPrefixes).toEqual([]);
    },
  );

  it('reads one word as the start of a family name', () => {
    expect(parseSearchQuery('Smi').familyAndGivenNames).toEqual([{ familyName: 'Smi', givenName: null }]);
  });

  it('keeps similar words of two characters or more, at most six', () => {
    expect(parseSearchQuery('J. R. R. Tolkien').similarWords).toEqual(['tolkien']);
    expect(parseSearchQuery('a b c d e f g h i j kk').similarWords).toEqual(['kk']);
    expect(parseSearchQuery('aa bb cc dd ee ff gg').similarWords).toEqual([
      'aa',
      'bb',
      'cc',
      'dd',
      'ee',
      'ff',
    ]);
  });
});

describe('capitaliseWords', () => {
  it.each([
    ["o'neil", "O'Neil"],
    ['MARY-ANN', 'Mary-Ann'],
    ['12 oak ridge rd', '12 Oak Ridge Rd'],
    ['élodie durand', 'Élodie Durand'],
  ])('%s', (text, expected) => {
    expect(capitaliseWords(text)).toBe(expected);
  });
});

describe('phoneNumbersWithoutPrefix', () => {
  it('cuts the reversed digits to 7 and more, short of all of them', () => {
    expect(phoneNumbersWithoutPrefix('34105556071')).toEqual([
      '3410555',
      '34105556',
      '341055560',
      '3410555607',
    ]);
    expect(phoneNumbersWithoutPrefix('3410555')).toEqual([]);
  });
});

describe('rankSearchMatches', () => {
  const match = (overrides: Partial<SearchMatch>): SearchMatch => ({
    kind: 'customer',
    id: 'c1',
    field: 'name',
    value: 'Ada Lovelace',
    rank: 2,
    similarity: 1,
    ...overrides,
  });

  it('orders by rank, similarity, then shorter value', () => {
    const ranked = rankSearchMatches(
      [
        match({ id: 'similar-low', rank: 3, similarity: 0.5 }),
        match({ id: 'similar-high', rank: 3, similarity: 0.9 }),
        match({ id: 'prefix-long', rank: 2, value: 'Ada Lovelace-Byron' }),
        match({ id: 'prefix-short', rank: 2, value: 'Ada Lovelace' }),
        match({ kind: 'account', id: 'exact', field: 'accountNumber', value: 'A1', rank: 0 }),
      ],
      10,
    );
    expect(ranked.map((item) => item.id)).toEqual([
      'exact',
      'prefix-short',
      'prefix-long',
      'similar-high',
      'similar-low',
    ]);
  });

  it('keeps the best match of each record and at most limit', () => {
    const ranked = rankSearchMatches(
      [
        match({ id: 'c1', rank: 3, similarity: 0.7 }),
        match({ id: 'c1', rank: 1, field: 'phone', value: '+1 706 555 0143' }),
        match({ id: 'c2' }),
        match({ id: 'c3' }),
      ],
      2,
    );
    expect(ranked).toEqual([
      match({ id: 'c1', rank: 1, field: 'phone', value: '+1 706 555 0143' }),
      match({ id: 'c2' }),
    ]);
  });
});

describe('needsSimilarMatches', () => {
  const prefixMatch = (value: string): SearchMatch => ({
    kind: 'premise',
    id: 'p1',
    field: 'address',
    value,
    rank: 2,
    similarity: 1,
  });

  it('runs when the lookups found nothing', () => {
    expect(needsSimilarMatches([], 'lovelase', 10)).toBe(true);
  });

  it('skips a full page', () => {
    expect(needsSimilarMatches([prefixMatch('12 Oak Street, Jefferson')], '12 oak', 1)).toBe(false);
  });

  it('skips text that starts a name or address', () => {
    expect(needsSimilarMatches([prefixMatch('Oak Ridge Apartments')], 'oak ridge', 10)).toBe(false);
  });

  it('skips an exact identifier', () => {
    const account = {
      ...prefixMatch('A-100'),
      kind: 'account' as const,
      field: 'accountNumber' as const,
      rank: 0 as const,
    };
    expect(needsSimilarMatches([account], 'a-100', 10)).toBe(false);
  });

  it('runs when a name matched by family name only', () => {
    const byFamilyName = {
      ...prefixMatch('Ada Lovelace'),
      kind: 'customer' as const,
      field: 'name' as const,
    };
    expect(needsSimilarMatches([byFamilyName], 'lovelace', 10)).toBe(true);
  });
});
