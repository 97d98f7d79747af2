import { describe, expect, it } from 'vitest';
import { issueTokenRecord, type TokenRecord } from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

type NegativeCase = TokenRecord & { id: string; rejectReasons: string[] };

const base = readVectors<TokenRecord & { id: string }>('sample-tables-sta.json').find((r) => r.id === 'S01')!;

/**
 * Lays a negative case over a valid request (vector S01), because a case gives only the inputs that matter.
 * A case that names the meter by PAN alone, or by IIN and DRN alone, or gives a decoder key and no vending
 * key, drops the base's other form of that input.
 */
function completeCase(negative: NegativeCase): TokenRecord {
  const record: TokenRecord = { ...base, token: undefined, plaintextBlockHex: undefined };
  if ('pan' in negative && !('iin' in negative)) {
    delete record.iin;
    delete record.drn;
  }
  if ('iin' in negative && !('pan' in negative)) delete record.pan;
  if ('decoderKeyHex' in negative && !('vendingKeyHex' in negative)) delete record.vendingKeyHex;
  return { ...record, ...negative };
}

describe('negative cases', () => {
  const cases = readVectors<NegativeCase>('negative.json');

  it.each(cases.map((c) => [c.id, c.rejectReasons.join(', '), c] as const))(
    '%s is rejected for %s',
    (_id, _reasons, negative) => {
      const result = issueTokenRecord(completeCase(negative));
      if (result.kind !== 'rejected') expect.fail(`issued ${result.token}`);
      expect(result.rejections.map((r) => r.code).sort()).toEqual([...negative.rejectReasons].sort());
      for (const rejection of result.rejections) expect(rejection.message.length).toBeGreaterThan(20);
    },
  );

  it('the base request is valid on its own', () => {
    expect(issueTokenRecord(completeCase({ id: 'none', rejectReasons: [] })).kind).toBe('issued');
  });
});

describe('rejection messages', () => {
  it('name the field, the value and the fix for a malformed input', () => {
    const result = issueTokenRecord({ ...base, sgc: '12345' });
    expect(result).toMatchObject({
      kind: 'rejected',
      rejections: [{ code: 'invalid-field', field: 'sgc', value: '12345' }],
    });
    if (result.kind === 'rejected') {
      expect(result.rejections[0]!.message).toBe(
        'Field sgc is "12345": must be the 6-digit supply group code, for example "123456".',
      );
    }
  });

  it('name a missing field and why it is needed', () => {
    const result = issueTokenRecord({ ...base, krn: null });
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ code: 'missing-field', field: 'krn' }] });
    if (result.kind === 'rejected') expect(result.rejections[0]!.message).toContain('decoder key derivation');
  });

  it('never repeat a vending key', () => {
    const result = issueTokenRecord({ ...base, vendingKeyHex: 'abababababababzz' });
    expect(result.kind).toBe('rejected');
    expect(JSON.stringify(result)).not.toContain('abababababababzz');
  });

  it('never repeat a decoder key', () => {
    const record = { ...base, vendingKeyHex: undefined, decoderKeyHex: '0123456789abcdeX' };
    const result = issueTokenRecord(record);
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ code: 'invalid-decoder-key' }] });
    expect(JSON.stringify(result)).not.toContain('0123456789');
  });

  it('report the instant behind an out-of-range TID', () => {
    const result = issueTokenRecord({ ...base, tid: null, issuedAtUtc: '2024-11-24T20:16:00Z' });
    expect(result).toMatchObject({
      kind: 'rejected',
      rejections: [{ code: 'tid-out-of-range', field: 'issuedAtUtc' }],
    });
  });

  it('report the requested value behind a negative amount', () => {
    const result = issueTokenRecord({ ...base, requestedValue: '-0.5' });
    expect(result).toMatchObject({
      kind: 'rejected',
      rejections: [{ code: 'negative-value', field: 'requestedValue', value: '-0.5' }],
    });
    if (result.kind === 'rejected') expect(result.rejections[0]!.message).toContain('-0.5 kWh');
  });

  it('reject a unit that does not suit the token type', () => {
    const result = issueTokenRecord({ ...base, unit: 'm3' });
    expect(result).toMatchObject({
      kind: 'rejected',
      rejections: [{ code: 'invalid-field', field: 'unit' }],
    });
  });

  it('reject a class that contradicts the token type', () => {
    const result = issueTokenRecord({ ...base, class: 2 });
    expect(result).toMatchObject({
      kind: 'rejected',
      rejections: [{ code: 'invalid-field', field: 'class' }],
    });
  });
});
