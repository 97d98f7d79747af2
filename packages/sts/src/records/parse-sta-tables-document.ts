import { findStaTablesProblems, type StaTables } from '../crypto/sta-tables.js';

/** A problem in an STA tables document, naming where it is and what to do. */
export class StaTablesDocumentError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'StaTablesDocumentError';
  }
}

/**
 * Reads STA tables from a parsed JSON document: an array of objects `{ "id": "S1" | "S2" | "P", "values":
 * [...] }` (other fields are ignored), as the IEC sample tables file is laid out. Throws a
 * StaTablesDocumentError for a missing table or one that is not a permutation.
 */
export function parseStaTablesDocument(document: unknown): StaTables {
  if (!Array.isArray(document)) {
    throw new StaTablesDocumentError(
      '(document)',
      document,
      'must be a JSON array of tables with "id" (S1, S2 or P) and "values"',
    );
  }
  const found = new Map<string, number[]>();
  document.forEach((entry: unknown, index) => {
    const table = entry as { id?: unknown; values?: unknown } | null;
    const id = table?.id;
    if (id !== 'S1' && id !== 'S2' && id !== 'P') return;
    if (found.has(id))
      throw new StaTablesDocumentError(`[${index}].id`, id, `table ${id} appears twice; keep one`);
    const values = table?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) {
      throw new StaTablesDocumentError(
        `[${index}].values`,
        values,
        `table ${id} needs "values", an array of integers`,
      );
    }
    found.set(id, values);
  });
  for (const id of ['S1', 'S2', 'P']) {
    if (!found.has(id))
      throw new StaTablesDocumentError(
        '(document)',
        undefined,
        `table ${id} is missing; the file needs S1, S2 and P`,
      );
  }
  const tables: StaTables = {
    firstSubstitution: found.get('S1')!,
    secondSubstitution: found.get('S2')!,
    permutation: found.get('P')!,
  };
  const problems = findStaTablesProblems(tables);
  if (problems.length > 0) {
    const { table, problem } = problems[0]!;
    throw new StaTablesDocumentError(table, found.get(table), `table ${table} ${problem}`);
  }
  return tables;
}
