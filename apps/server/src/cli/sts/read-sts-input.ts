import {
  parseStaTablesDocument,
  StaTablesDocumentError,
  createStaCipher,
  type StaCipher,
} from '@open-cis/sts';
import { readOptionFile } from '../rate/read-option-file.js';

/** Reads all of standard input as UTF-8 text. */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses the records of `cis sts issue` and `cis sts decode`: one JSON record or a JSON array of them, in
 * the format of the STS vector files. Throws with a message that tells what to give when the text is not
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
  if (path === undefined) return undefined;
  const text = await readOptionFile('--tables', path);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`--tables ${path}: the file is not valid JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  try {
    return createStaCipher(parseStaTablesDocument(document));
  } catch (error) {
    if (!(error instanceof StaTablesDocumentError)) throw error;
    throw new Error(
      `--tables ${path}: ${error.message}. Give tables in the layout of the IEC sample tables file: [{"id": "S1", "values": [...]}, {"id": "S2", ...}, {"id": "P", ...}].`,
      { cause: error },
    );
  }
}
