import type { StaCipher } from '../crypto/sta-cipher.js';
import { decodeToken } from '../decode/decode-token.js';
import { reject, type Rejection } from '../rejection.js';
import { hasTid, isCreditTokenType, type TokenContent } from '../token/token-content.js';
import { instantOfTid, isKeyExpiredAt } from '../token/token-identifier.js';
import { parseTokenNumber } from '../token/token-number.js';
import { formatTenths } from '../token/amount-field.js';
import type { BaseDate } from '../keys/key-data.js';
import { RecordReader, type TokenRecord } from './record-reader.js';
import { readRecordKey, readRecordPan } from './read-record-key.js';
import { requestUnits } from './read-requested-value.js';

export type DecodeTokenRecordResult =
  { kind: 'decoded'; fields: Record<string, unknown> } | { kind: 'rejected'; rejections: Rejection[] };

/**
 * Decodes the `token` of a record for the meter that the record describes, whose PAN, key data and vending
 * or decoder key are read as `issueTokenRecord` reads them. It applies the checks a meter makes without
 * memory (CRC, key type for credit, key expiry) and returns the token's fields under the vector files' names.
 */
export function decodeTokenRecord(record: TokenRecord, staCipher?: StaCipher): DecodeTokenRecordResult {
  const reader = new RecordReader(record);
  const token = reader.string('token', /^\d{20}$/, 'the 20-digit token as a string');
  const encrypted = token === undefined || parseTokenNumber(token)?.tokenClass !== 1;
  const pan = encrypted ? readRecordPan(reader) : { pan: undefined, invalid: false };
  const key = readRecordKey(reader, pan, encrypted);
  if (reader.rejections.length > 0 || token === undefined)
    return { kind: 'rejected', rejections: reader.rejections };

  const decoded = decodeToken(token, key.decoderKey, staCipher);
  if (decoded.kind === 'rejected') return { kind: 'rejected', rejections: [decoded.rejection] };
  const { content } = decoded;
  const rejections: Rejection[] = [];
  if (
    hasTid(content) &&
    key.keyExpiryNumber !== undefined &&
    isKeyExpiredAt(content.tid, key.keyExpiryNumber)
  ) {
    rejections.push(
      reject(
        'key-expired',
        'ken',
        key.keyExpiryNumber,
        `TID ${content.tid} is past the key's expiry (KEN ${key.keyExpiryNumber}); the meter rejects the token.`,
      ),
    );
  }
  if (isCreditTokenType(content.type) && (key.keyType === 0 || key.keyType === 1)) {
    const code = key.keyType === 0 ? 'initialization-key-credit' : 'default-key-credit';
    rejections.push(
      reject(
        code,
        'kt',
        key.keyType,
        `The meter holds a key of type ${key.keyType}, under which it accepts no credit.`,
      ),
    );
  }
  if (rejections.length > 0) return { kind: 'rejected', rejections };
  return {
    kind: 'decoded',
    fields: {
      tokenType: content.type,
      class: decoded.tokenClass,
      subclass: decoded.subclass,
      ...contentFields(content, key.baseDate),
      plaintextBlockHex: decoded.block.toString(16).padStart(16, '0'),
    },
  };
}

function contentFields(content: TokenContent, baseDate: BaseDate | undefined): Record<string, unknown> {
  const tidFields = hasTid(content)
    ? {
        rnd: content.rnd,
        tid: content.tid,
        ...(baseDate ? { issuedAtUtc: instantOfTid(content.tid, baseDate).toString() } : {}),
      }
    : {};
  switch (content.type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit': {
      const unit = requestUnits[content.type];
      const value =
        unit === 'kWh' || unit === 'm3' ? formatTenths(content.amount) : content.amount.toString();
      return { ...tidFields, requestedValue: value, unit, fieldValue: Number(content.amount) };
    }
    case 'ClearCredit':
      return {
        ...tidFields,
        requestedValue: hex(content.register, 4),
        unit: 'register',
        fieldValue: content.register,
      };
    case 'ClearTamperCondition':
      return { ...tidFields, requestedValue: String(content.pad), unit: 'pad', fieldValue: content.pad };
    case 'SetWaterMeterFactor':
      return {
        ...tidFields,
        requestedValue: String(content.factor),
        unit: 'factor',
        fieldValue: content.factor,
      };
    case 'InitiateMeterTestOrDisplay':
      return {
        controlBits: content.subclass === 0 ? 36 : 28,
        controlHex: content.control.toString(16),
        manufacturerCodeBits: content.subclass === 0 ? 8 : 16,
        manufacturerCode: content.manufacturerCode,
      };
    case 'Set1stSectionDecoderKey':
      return {
        tokenFields: {
          kenho: content.kenHigh,
          krn: content.krn,
          ro: content.rollover ? 1 : 0,
          reserved: 0,
          kt: content.kt,
          nkhoHex: hex(content.keyPart, 8),
        },
      };
    case 'Set2ndSectionDecoderKey':
      return { tokenFields: { kenlo: content.kenLow, ti: content.ti, nkloHex: hex(content.keyPart, 8) } };
    case 'Set3rdSectionDecoderKey':
      return { tokenFields: { sgclo: content.sgcLow, nkmo2Hex: hex(content.keyPart, 8) } };
    case 'Set4thSectionDecoderKey':
      return { tokenFields: { sgcho: content.sgcHigh, nkmo1Hex: hex(content.keyPart, 8) } };
  }
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
