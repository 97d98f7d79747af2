/**
 * Returns the word after the English indefinite article it takes by its first letter: "an electricity",
 * "a water". Messages name services and kinds this way, and none of them starts with a silent or a
 * vowel-sounding consonant, or a vowel that sounds like "you".
 */
export function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}
