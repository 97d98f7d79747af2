import { Temporal } from 'temporal-polyfill';
import type { BaseDate } from '../keys/key-data.js';
import { computeMinutesSinceBaseDate } from '../token/token-identifier.js';
import { findTokenType, tokenTypeCodes, type TokenContent, type TokenType } from '../token/token-content.js';
import type { RecordReader } from './record-reader.js';
import { readRequestedValue } from './read-requested-value.js';

const tokenTypes = Object.keys(tokenTypeCodes) as TokenType[];

/** Reads the token type from `tokenType`, or from `class` and `subclass` when it is absent. */
export function readTokenType(reader: RecordReader): TokenType | undefined {
  const tokenClass = reader.integer('class', 0, 3, false);
  const subclass = reader.integer('subclass', 0, 15, false);
  const type = reader.choice('tokenType', tokenTypes, false);
  if (reader.raw('tokenType') !== undefined && !type) return undefined;
  if (!type) {
    if (tokenClass === undefined || subclass === undefined) {
      reader.missing('tokenType', `one of ${tokenTypes.join(', ')} (or class and subclass)`);
      return undefined;
    }
    const found = findTokenType(tokenClass, subclass);
    if (!found)
      reader.invalid(
        'unsupported-token-type',
        'subclass',
        subclass,
        `class ${tokenClass} subclass ${subclass} is not a token type this engine issues`,
      );
    return found;
  }
  const codes = tokenTypeCodes[type];
  if (tokenClass !== undefined && tokenClass !== codes.tokenClass) {
    reader.invalid(
      'invalid-field',
      'class',
      tokenClass,
      `a ${type} token is class ${codes.tokenClass}; correct class or tokenType`,
    );
    return undefined;
  }
  if (subclass !== undefined && codes.subclass !== undefined && subclass !== codes.subclass) {
    reader.invalid(
      'invalid-field',
      'subclass',
      subclass,
      `a ${type} token is subclass ${codes.subclass}; correct subclass or tokenType`,
    );
    return undefined;
  }
  return type;
}

/** Source of a record's TID: the `tid` field, or `issuedAtUtc` counted from the base date. */
export type TidSource = 'tid' | 'issuedAtUtc';

/**
 * Reads the content of a token that is not a key change token. The TID comes from `tid` when the record
 * gives one, else from `issuedAtUtc` and the base date; the wall clock is never read.
 */
export function readTokenContent(
  reader: RecordReader,
  type: Exclude<TokenType, `Set${string}SectionDecoderKey`>,
  baseDate: BaseDate | undefined,
): { content: TokenContent | undefined; tidSource: TidSource | undefined } {
  if (type === 'InitiateMeterTestOrDisplay')
    return { content: readTestContent(reader), tidSource: undefined };
  const rnd = reader.anyInteger('rnd');
  const { tid, source } = readTid(reader, baseDate);
  const value = readRequestedValue(reader, type);
  if (rnd === undefined || tid === undefined || value === undefined)
    return { content: undefined, tidSource: source };
  const small = Number(value);
  switch (type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit':
      return { content: { type, rnd, tid, amount: value }, tidSource: source };
    case 'ClearCredit':
      return { content: { type, rnd, tid, register: small }, tidSource: source };
    case 'ClearTamperCondition':
      return { content: { type, rnd, tid, pad: small }, tidSource: source };
    case 'SetWaterMeterFactor':
      return { content: { type, rnd, tid, factor: small }, tidSource: source };
  }
}

function readTid(
  reader: RecordReader,
  baseDate: BaseDate | undefined,
): { tid: number | undefined; source: TidSource | undefined } {
  if (reader.has('tid')) return { tid: reader.anyInteger('tid'), source: 'tid' };
  const issuedAt = reader.raw('issuedAtUtc');
  if (issuedAt === undefined) {
    reader.missing('tid', 'the TID, or issuedAtUtc (an ISO 8601 instant such as "2024-03-15T10:30:00Z")');
    return { tid: undefined, source: undefined };
  }
  let instant: Temporal.Instant | undefined;
  try {
    instant = typeof issuedAt === 'string' ? Temporal.Instant.from(issuedAt) : undefined;
  } catch {
    instant = undefined;
  }
  if (!instant) {
    reader.invalid(
      'invalid-field',
      'issuedAtUtc',
      issuedAt,
      'must be an ISO 8601 instant with its offset, such as "2024-03-15T10:30:00Z"',
    );
    return { tid: undefined, source: undefined };
  }
  if (!baseDate) {
    reader.missing(
      'baseDate',
      'the base date of the key ("1993-01-01", "2014-01-01" or "2035-01-01")',
      ', which the TID counts from',
    );
    return { tid: undefined, source: undefined };
  }
  return { tid: computeMinutesSinceBaseDate(instant, baseDate), source: 'issuedAtUtc' };
}

function readTestContent(reader: RecordReader): TokenContent | undefined {
  const controlBits = reader.integer('controlBits', 28, 36, false);
  let subclass = reader.integer('subclass', 0, 1, false) as 0 | 1 | undefined;
  if (subclass === undefined && controlBits !== undefined) subclass = controlBits === 36 ? 0 : 1;

  if (subclass === undefined) {
    reader.missing(
      'subclass',
      '0 (36-bit control, 8-bit manufacturer code) or 1 (28-bit control, 16-bit code)',
    );
    return undefined;
  }
  const expectedBits = subclass === 0 ? 36 : 28;
  if (controlBits !== undefined && controlBits !== expectedBits) {
    reader.invalid(
      'invalid-field',
      'controlBits',
      controlBits,
      `subclass ${subclass} has a ${expectedBits}-bit control field`,
    );
  }

  const codeBits = 44 - expectedBits;
  const givenCodeBits = reader.integer('manufacturerCodeBits', 8, 16, false);
  if (givenCodeBits !== undefined && givenCodeBits !== codeBits) {
    reader.invalid(
      'invalid-field',
      'manufacturerCodeBits',
      givenCodeBits,
      `subclass ${subclass} has a ${codeBits}-bit manufacturer code`,
    );
  }

  const controlHex = reader.string(
    'controlHex',
    /^[0-9a-fA-F]{1,9}$/,
    `the control field as 1 to ${expectedBits / 4} hex digits`,
  );
  const manufacturerCode = reader.integer('manufacturerCode', 0, 2 ** codeBits - 1);
  if (controlHex === undefined || manufacturerCode === undefined) return undefined;
  return {
    type: 'InitiateMeterTestOrDisplay',
    subclass,
    control: BigInt(`0x${controlHex}`),
    manufacturerCode,
  };
}
