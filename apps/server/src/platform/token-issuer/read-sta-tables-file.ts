import { readFile } from 'node:fs/promises';
import {
  createStaCipher,
  parseStaTablesDocument,
  StaTablesDocumentError,
  type StaCipher,
} from '@open-cis/sts';

/**
 * Reads STA substitution and permutation tables from a JSON file laid out like the IEC sample tables file
 * and compiles them. `label` names the option or variable that gave the path in error messages.
 */
export async function readStaTablesFile(path: string, label: string): Promise<StaCipher> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${label}: file ${path} not found.`, { cause: error });
    if (code === 'EACCES')
      throw new Error(`${label}: file ${path} cannot be read (permission denied).`, { cause: error });
    if (code === 'EISDIR')
      throw new Error(`${label}: ${path} is a directory; give a file.`, { cause: error });
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${label} ${path}: the file is not valid JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  try {
    return createStaCipher(parseStaTablesDocument(document));
  } catch (error) {
    if (!(error instanceof StaTablesDocumentError)) throw error;
    throw new Error(
      `${label} ${path}: ${error.message}. Give tables in the layout of the IEC sample tables file: [{"id": "S1", "values": [...]}, {"id": "S2", ...}, {"id": "P", ...}].`,
      { cause: error },
    );
  }
}
