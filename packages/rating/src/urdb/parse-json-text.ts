import { TariffError } from '../tariff-error.js';

/**
 * Parses JSON text, or throws TariffError with the parser's message and the line and column where it
 * stopped, so that a truncated or hand-edited rate file is reported as invalid JSON, not as a wrong rate.
 */
export function parseJsonText(text: string, field = '(document)'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = parserOffset(text, error.message);
    const excerpt = text.slice(Math.max(0, (offset ?? 0) - 30), (offset ?? 0) + 30);
    throw new TariffError(field, excerpt, `invalid JSON: ${error.message}${positionText(text, offset)}`);
  }
}

/** The offset where the parser stopped, which Node 20's V8 gives as "at position N" or "end of JSON input". */
function parserOffset(text: string, message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  return /end of JSON input/.test(message) ? text.length : undefined;
}

function positionText(text: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
