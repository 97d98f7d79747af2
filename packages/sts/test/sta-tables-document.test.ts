import { describe, expect, it } from 'vitest';
import { parseStaTablesDocument, StaTablesDocumentError } from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

describe('parseStaTablesDocument', () => {
  const sample = readVectors<{ id: string; values: number[] }>('sample-tables.json');

  it('reads the sample tables file', () => {
    const tables = parseStaTablesDocument(sample);
    expect(tables.firstSubstitution).toHaveLength(16);
    expect(tables.secondSubstitution).toHaveLength(16);
    expect(tables.permutation).toHaveLength(64);
  });

  it('names a missing table', () => {
    expect(() => parseStaTablesDocument(sample.filter((table) => table.id !== 'P'))).toThrow(
      'table P is missing; the file needs S1, S2 and P',
    );
  });

  it('names a table that is not a permutation', () => {
    const broken = sample.map((table) =>
      table.id === 'P' ? { ...table, values: table.values.slice(0, 63) } : table,
    );
    expect(() => parseStaTablesDocument(broken)).toThrow('table P has 63 values; it needs 64');
  });

  it('rejects a document that is not an array', () => {
    expect(() => parseStaTablesDocument({ S1: [] })).toThrow(StaTablesDocumentError);
  });
});
