import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  chooseNextTid,
  computeCrc16Modbus,
  computeMinutesSinceBaseDate,
  computeTokenCrc,
  decodeAmountField,
  encodeAmountField,
  formatTokenNumber,
  instantOfTid,
  parseHexBytes,
  parseTokenNumber,
  type BaseDate,
} from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

type AmountVector = {
  id: string;
  kind: 'amount';
  value: number;
  fieldHex: string;
  exponent: number;
  mantissa: number;
  decodedValue: number;
  roundedUpBy: number;
};
type TidVector = {
  id: string;
  kind: 'tid';
  issuedAtUtc: string;
  baseDate: BaseDate;
  tid: number;
  tidHex: string;
};
type CrcVector = {
  id: string;
  class?: number;
  crcInputHex: string;
  crcRegisterHex: string;
  crcHex?: string;
  plaintextBlockHex?: string;
};

const encodings = readVectors<AmountVector | TidVector>('amount-encoding.json');

describe('amount field', () => {
  const amounts = encodings.filter((v): v is AmountVector => v.kind === 'amount');

  it.each(amounts.map((v) => [v.id, v.value, v] as const))('%s encodes %i', (_id, _value, vector) => {
    const encoded = encodeAmountField(BigInt(vector.value));
    expect(encoded).toBeDefined();
    expect(encoded!.field.toString(16).padStart(4, '0')).toBe(vector.fieldHex);
    expect(encoded!.exponent).toBe(vector.exponent);
    expect(encoded!.mantissa).toBe(vector.mantissa);
    expect(encoded!.encodedValue).toBe(BigInt(vector.decodedValue));
    expect(encoded!.encodedValue - BigInt(vector.value)).toBe(BigInt(vector.roundedUpBy));
    expect(decodeAmountField(encoded!.field)).toBe(BigInt(vector.decodedValue));
  });

  it('rejects values outside the field', () => {
    expect(encodeAmountField(-1n)).toBeUndefined();
    expect(encodeAmountField(18201625n)).toBeUndefined();
    expect(encodeAmountField(18201624n)?.field).toBe(0xffff);
  });

  it('never credits less than the request', () => {
    for (let value = 0n; value < 2_000_000n; value += 997n) {
      const encoded = encodeAmountField(value)!;
      expect(encoded.encodedValue >= value).toBe(true);
      expect(decodeAmountField(encoded.field)).toBe(encoded.encodedValue);
    }
  });
});

describe('token identifier', () => {
  const tids = encodings.filter((v): v is TidVector => v.kind === 'tid');

  it.each(tids.map((v) => [v.id, v] as const))('%s counts minutes from the base date', (_id, vector) => {
    const minutes = computeMinutesSinceBaseDate(Temporal.Instant.from(vector.issuedAtUtc), vector.baseDate);
    expect(minutes).toBe(vector.tid);
    expect(minutes.toString(16).padStart(6, '0')).toBe(vector.tidHex);
  });

  it('maps a TID back to the start of its minute', () => {
    expect(instantOfTid(5871715, '1993-01-01').toString()).toBe('2004-03-01T13:55:00Z');
  });

  it('never repeats a TID for a meter', () => {
    expect(chooseNextTid(5911201, undefined)).toBe(5911201);
    expect(chooseNextTid(5911201, 5911201)).toBe(5911202);
    expect(chooseNextTid(5911201, 5911300)).toBe(5911301);
    expect(chooseNextTid(5911400, 5911300)).toBe(5911400);
  });

  it('chooses no TID past the 24-bit range', () => {
    expect(chooseNextTid(0xffffff, undefined)).toBe(0xffffff);
    expect(chooseNextTid(0xffffff, 0xffffff)).toBeUndefined();
    expect(chooseNextTid(-1, undefined)).toBeUndefined();
  });

  it('counts an instant before the base date as negative', () => {
    expect(computeMinutesSinceBaseDate(Temporal.Instant.from('2013-12-31T23:59:30Z'), '2014-01-01')).toBe(-1);
  });
});

describe('CRC', () => {
  const vectors = readVectors<CrcVector>('crc-example.json');

  it.each(vectors.map((v) => [v.id, v] as const))('%s computes its register', (_id, vector) => {
    expect(computeCrc16Modbus(parseHexBytes(vector.crcInputHex)!).toString(16).padStart(4, '0')).toBe(
      vector.crcRegisterHex,
    );
  });

  it.each(vectors.filter((v) => v.plaintextBlockHex).map((v) => [v.id, v] as const))(
    '%s stores the CRC byte-swapped in its block',
    (_id, vector) => {
      const block = BigInt(`0x${vector.plaintextBlockHex}`);
      const crc = computeTokenCrc(vector.class!, block & ~0xffffn);
      expect(crc.toString(16).padStart(4, '0')).toBe(vector.crcHex);
      expect(crc).toBe(Number(block & 0xffffn));
    },
  );
});

describe('token number', () => {
  it('moves the class bits in and out', () => {
    const block = 0x0fffffffff005effn;
    const token = formatTokenNumber(1, block);
    expect(token).toBe('56493153725450313471');
    expect(parseTokenNumber(token)).toEqual({ tokenClass: 1, encryptedBlock: block });
  });

  it('keeps leading zeros', () => {
    expect(formatTokenNumber(1, 0x0000000001000a50n)).toBe('00000000000150997584');
  });

  it('rejects text that is not a 66-bit token', () => {
    expect(parseTokenNumber('1234')).toBeUndefined();
    expect(parseTokenNumber('99999999999999999999')).toBeUndefined();
    expect(parseTokenNumber('1234567890123456789a')).toBeUndefined();
  });
});
