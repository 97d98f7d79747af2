const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ONLY_DIGITS = /^[0-9]+$/;

/** Returns whether a word is a number (digits only), such as a house number. */
export function isNumber(word: string): boolean {
  return ONLY_DIGITS.test(word);
}

/**
 * Lists the words one typing mistake away from `word`: one character wrong, missing, extra, or swapped
 * with its neighbour (optimal string alignment distance 1). A number gets digits put in, and any other
 * word the letters a to z and its own letters, so "jose" does not list "josé". `word` must be in lower
 * case, and is not in the list.
 */
export function listTypoVariants(word: string): string[] {
  const characters = Array.from(word);
  const alphabet = isNumber(word) ? Array.from(DIGITS) : [...new Set([...LETTERS, ...characters])];
  const variants = new Set<string>();
  const join = (parts: string[]) => parts.join('');

  for (let at = 0; at <= characters.length; at += 1) {
    const before = characters.slice(0, at);
    const after = characters.slice(at);
    for (const inserted of alphabet) variants.add(join([...before, inserted, ...after]));
    if (at === characters.length) continue;

    const rest = characters.slice(at + 1);
    variants.add(join([...before, ...rest]));
    for (const replaced of alphabet) variants.add(join([...before, replaced, ...rest]));
    if (at + 1 < characters.length) {
      variants.add(join([...before, characters[at + 1]!, characters[at]!, ...characters.slice(at + 2)]));
    }
  }

  variants.delete(word);
  variants.delete('');
  return [...variants];
}
