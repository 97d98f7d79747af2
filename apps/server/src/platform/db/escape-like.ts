/** Escapes `\`, `%` and `_` so that text matches itself inside a LIKE or ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
