import { describe, expect, it } from 'vitest';
import { decodeTokenRecord, issueTokenRecord, type TokenRecord } from '../src/index.js';
import { readVectors, tokenVectorFiles } from './support/sts-vectors.js';

type VectorRecord = TokenRecord & {
  id: string;
  plaintextBlockHex: string;
  token?: string;
  tid?: number | null;
  rnd?: number | null;
  fieldValue?: number | null;
  unit?: string | null;
  keyChange?: { tokenFields: Record<string, unknown> };
};

describe.each(tokenVectorFiles)('vectors of %s', (file) => {
  const records = readVectors<VectorRecord>(file);

  it.each(records.map((record) => [record.id, record] as const))(
    '%s issues its block and token',
    (_id, record) => {
      const result = issueTokenRecord(record);
      if (result.kind === 'rejected') expect.fail(result.rejections.map((r) => r.message).join('\n'));
      expect(result.block.toString(16).padStart(16, '0')).toBe(record.plaintextBlockHex);
      if (record.token) expect(result.token).toBe(record.token);
    },
  );

  const withTokens = records.filter((record) => record.token);
  if (withTokens.length === 0) return;

  it.each(withTokens.map((record) => [record.id, record] as const))(
    '%s decodes back to its fields',
    (_id, record) => {
      const result = decodeTokenRecord(record);
      if (result.kind === 'rejected') expect.fail(result.rejections.map((r) => r.message).join('\n'));
      const { fields } = result;
      expect(fields.plaintextBlockHex).toBe(record.plaintextBlockHex);
      expect(fields.class).toBe(record.class);
      expect(fields.subclass).toBe(record.subclass);
      expect(fields.tokenType).toBe(record.tokenType);
      if (record.keyChange) {
        expect(fields.tokenFields).toEqual(record.keyChange.tokenFields);
      } else if (record.class !== 1) {
        expect(fields.tid).toBe(record.tid);
        expect(fields.rnd).toBe(record.rnd);
        expect(fields.unit).toBe(record.unit);
      }
    },
  );
});

describe('decoded amounts', () => {
  it('match the encoded field values of the MISTY1 vectors', () => {
    for (const record of readVectors<VectorRecord>('misty1-dkga04.json')) {
      if (record.keyChange) continue;
      const result = decodeTokenRecord(record);
      if (result.kind === 'rejected') expect.fail(`${record.id}: ${result.rejections[0]!.message}`);
      if (record.unit === 'kWh' || record.unit === 'm3' || record.unit === 'W') {
        // What the meter credits is the encoded value, the request rounded up to the field's step.
        expect(result.fields.fieldValue, record.id).toBeGreaterThanOrEqual(record.fieldValue!);
      } else {
        expect(result.fields.fieldValue, record.id).toBe(record.fieldValue);
      }
    }
  });
});
