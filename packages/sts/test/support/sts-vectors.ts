import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TokenRecord } from '../../src/index.js';

/** The STS vector folder, read in place (never copied into the repository). */
export const stsVectorDirectory = fileURLToPath(new URL('../../../../../shared/data/sts/', import.meta.url));

/** Reads one vector file: a JSON array of records. */
export function readVectors<Record = TokenRecord>(file: string): Record[] {
  return JSON.parse(readFileSync(stsVectorDirectory + file, 'utf8')) as Record[];
}

/** The files whose records describe tokens (with or without the expected token). */
export const tokenVectorFiles = [
  'sample-tables-sta.json',
  'misty1-dkga04.json',
  'class1-test-tokens.json',
  'pre-encryption.json',
] as const;
