/**
 * Lower-case letters that Unicode does not decompose into a letter and an accent, with what the rules file
 * of PostgreSQL 15's unaccent extension (1,650 lines) replaces them by.
 */
const UNDECOMPOSED_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
};
const UNDECOMPOSED_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSED_LETTERS).join('')}]`, 'gu');

/**
 * Folds a text as search.fold (migration 0068) does for the common letters of European names: lower case,
 * with accents removed ("Núñez" gives "nunez", "Straße" "strasse"). The database folds again whatever it
 * compares, so a letter folded here differently only affects how a match is scored.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED_PATTERN, (letter) => UNDECOMPOSED_LETTERS[letter] ?? letter);
}
