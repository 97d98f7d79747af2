import type { StaCipher } from '@open-cis/sts';
import { readStaTablesFile } from '../../platform/token-issuer/index.js';

/** Reads all of standard input as UTF-8 text. */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses the records of `cis sts issue` and `cis sts decode`: one JSON record or a JSON array of them, in
 * the format of the STS vector files. Throws with a message that describes the expected input when the text is not
 * such JSON.
 */
export function parseStsRecords(text: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `standard input is not valid JSON (${(error as Error).message}); give one record or an array of records in the format of the STS vector files.`,
      { cause: error },
    );
  }
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null) return [document];
  throw new Error(
    `standard input is ${JSON.stringify(document)}; give one record (a JSON object) or an array of records.`,
  );
}

/** Loads STA tables from the file named by --tables, or returns undefined for the IEC sample tables. */
export async function loadStaTables(path: string | undefined): Promise<StaCipher | undefined> {
  return path === undefined ? undefined : await readStaTablesFile(path, '--tables');
}
