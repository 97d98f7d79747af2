import { foldText } from './fold-text.js';
import { hasTypoVariants } from './similar-words-query.js';
import { listTypoVariants } from './typo-variants.js';

/**
 * A search text taken apart into the lookups that can serve it. The identifiers, names and addresses are
 * compared with plain columns by equality or starts_with() in SQL, because row-level security lets the
 * planner use an index only for such conditions (see migration 0064): the spellings stand in for
 * case-insensitive comparison. The similar words go to the full-text search functions of migration 0065.
 */
export type SearchQuery = {
  /** The text with outer spaces removed and each run of inner spaces made one space. */
  text: string;
  /** The text as a lower-case UUID when it is one; then only the id lookups run. */
  id: string | null;
  /**
   * Spellings of an identifier (account number, serial, market id): as typed, upper and lower case. Empty
   * when the text has neither a digit nor is one word of MIN_LETTER_IDENTIFIER or more characters, such as
   * "MAR" or "JEMC-NEW": identifiers are one word, and most of them have digits.
   */
  identifierSpellings: string[];
  /**
   * The rank of an identifier that starts with the text (one equal to it ranks 0): 1, above names and
   * addresses, when the text has a digit, else 2, beside them, because a word of letters is more often a
   * name.
   */
  identifierPrefixRank: 1 | 2;
  /** The text in lower case when it contains an @, for email addresses. */
  emailPrefix: string | null;
  /**
   * The text's digits in reverse order when it looks like a phone number (only digits, spaces and
   * `+()-./`, at least MIN_PHONE_DIGITS digits), so that a stored number ending in them starts with them.
   */
  phoneDigitsReversed: string | null;
  /** Spellings of the start of a name or address: as typed and with each word capitalised. */
  prefixSpellings: string[];
  /**
   * Starts of an address whose house number has one typo: the prefix spellings with the leading house
   * number replaced by each of its typo variants ("534 Walnut" for "543 walnut"). Empty unless the text
   * starts with a house number of MIN_TYPO_DIGITS or more digits and a word.
   */
  houseNumberPrefixes: string[];
  /**
   * Starts of a family name and a given name, in the same spellings: "smith" as a family name, and
   * "smith mary" and "mary smith" (or "mar smit") as a family name with a given name in either order.
   */
  familyAndGivenNames: NamePrefixes[];
  /**
   * The words that names and addresses must each resemble, folded (see foldText); empty when the text is
   * no name or address.
   */
  similarWords: string[];
};

/** The start of a family name, and of a given name unless null. */
export type NamePrefixes = { familyName: string; givenName: string | null };

/** A shorter word of letters starts too many identifiers to be worth a lookup. */
export const MIN_LETTER_IDENTIFIER = 2;
/** Fewer digits than this match too many phone numbers to be worth a lookup. */
export const MIN_PHONE_DIGITS = 6;
/** Words beyond this many add index scans but hardly narrow the matches. */
export const MAX_SIMILAR_WORDS = 6;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_PATTERN = /^[+0-9 ()./-]+$/;
// Words are runs of letters and digits.
// NOTE: PostgreSQL's text search parser, which splits the stored names and addresses, mostly agrees, but
// keeps a few tokens whole: "St.Mary" is one word to it (read as a host name), so "mary" does not find it.
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;
const HOUSE_NUMBER_AND_WORD = /^([0-9]+) (\p{L}.*)$/u;

/** Takes a search text apart; `text` must have at least one character besides spaces. */
export function parseSearchQuery(rawText: string): SearchQuery {
  const text = rawText.trim().replace(/\s+/g, ' ');
  if (UUID_PATTERN.test(text)) {
    return {
      text,
      id: text.toLowerCase(),
      identifierSpellings: [],
      identifierPrefixRank: 1,
      emailPrefix: null,
      phoneDigitsReversed: null,
      prefixSpellings: [],
      houseNumberPrefixes: [],
      familyAndGivenNames: [],
      similarWords: [],
    };
  }

  const hasSpace = text.includes(' ');
  const isEmail = text.includes('@');
  const isPhoneLike = PHONE_PATTERN.test(text);
  const digits = text.replace(/[^0-9]/g, '');
  const prefixSpellings = isEmail ? [] : distinct([text, capitaliseWords(text)]);
  const mayBeIdentifier =
    digits !== '' || (!hasSpace && !isEmail && Array.from(text).length >= MIN_LETTER_IDENTIFIER);
  return {
    text,
    id: null,
    identifierSpellings: mayBeIdentifier ? distinct([text, text.toUpperCase(), text.toLowerCase()]) : [],
    identifierPrefixRank: digits === '' ? 2 : 1,
    emailPrefix: isEmail && !hasSpace ? text.toLowerCase() : null,
    phoneDigitsReversed:
      isPhoneLike && digits.length >= MIN_PHONE_DIGITS ? [...digits].reverse().join('') : null,
    prefixSpellings,
    houseNumberPrefixes: prefixSpellings.flatMap(withHouseNumberTypos),
    familyAndGivenNames: isEmail || isPhoneLike ? [] : namePrefixSpellings(text),
    similarWords: isEmail || isPhoneLike ? [] : similarWords(text),
  };
}

/** Upper-cases the first letter of each word and lower-cases the rest, as names are usually stored. */
export function capitaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(
      /(^|[^\p{L}])(\p{L})/gu,
      (_match, before: string, letter: string) => before + letter.toUpperCase(),
    );
}

/**
 * Returns the digit strings that a stored phone number may equal when the text is that number with a
 * country or trunk prefix in front. They are the reversed digits cut to each length from 7 digits up to
 * one less than all of them.
 */
export function phoneNumbersWithoutPrefix(digitsReversed: string): string[] {
  const shorter: string[] = [];
  for (let length = 7; length < digitsReversed.length; length += 1)
    shorter.push(digitsReversed.slice(0, length));
  return shorter;
}

// A house number has no leading zero, so variants with one are left out.
function withHouseNumberTypos(spelling: string): string[] {
  const match = HOUSE_NUMBER_AND_WORD.exec(spelling);
  const [, houseNumber = '', rest = ''] = match ?? [];
  if (match === null || !hasTypoVariants(houseNumber)) return [];
  return listTypoVariants(houseNumber)
    .filter((variant) => !variant.startsWith('0'))
    .map((variant) => `${variant} ${rest}`);
}

function namePrefixSpellings(text: string): NamePrefixes[] {
  const words = text.split(' ');
  const orders: NamePrefixes[] =
    words.length === 1
      ? [{ familyName: text, givenName: null }]
      : [
          { familyName: words[0]!, givenName: words.slice(1).join(' ') },
          { familyName: words.at(-1)!, givenName: words.slice(0, -1).join(' ') },
        ];
  const spellings = orders.flatMap((order) => [
    order,
    {
      familyName: capitaliseWords(order.familyName),
      givenName: order.givenName === null ? null : capitaliseWords(order.givenName),
    },
  ]);
  const seen = new Set<string>();
  return spellings.filter((spelling) => {
    const key = `${spelling.familyName}\u0000${spelling.givenName ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// A word of one character, as the start of a word, matches most rows and narrows nothing. Words are folded
// (see foldText), so their typo variants are those of the word without accents.
function similarWords(text: string): string[] {
  return distinct(
    foldText(text)
      .split(WORD_SEPARATOR)
      .filter((word) => word.length >= 2),
  ).slice(0, MAX_SIMILAR_WORDS);
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
