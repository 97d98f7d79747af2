import { reject, type Rejection } from '../rejection.js';
import { encodeAmountField, formatTenths, maxAmountFieldValue } from './amount-field.js';
import { computeTokenCrc } from './crc16.js';
import { maxTid } from './token-identifier.js';
import {
  tokenTypeCodes,
  type AmountManagementTokenType,
  type CreditTokenType,
  type TokenContent,
} from './token-content.js';

type AmountTokenType = CreditTokenType | AmountManagementTokenType;

/** A 64-bit token block before encryption, CRC included, with the class it travels under. */
export type TokenBlock = { tokenClass: number; block: bigint };

/**
 * Builds the 64-bit block of a token, from bit 63 down: the subclass (4 bits), the token's data fields, and
 * the CRC (16 bits). Returns the reasons when a field is outside its range.
 */
export function encodeTokenBlock(content: TokenContent): TokenBlock | { rejections: Rejection[] } {
  const fields = encodeDataFields(content);
  if ('rejections' in fields) return fields;
  const { tokenClass } = tokenTypeCodes[content.type];
  const subclass =
    content.type === 'InitiateMeterTestOrDisplay' ? content.subclass : tokenTypeCodes[content.type].subclass;
  const withoutCrc = (BigInt(subclass) << 60n) | (fields.data << 16n);
  return { tokenClass, block: withoutCrc | BigInt(computeTokenCrc(tokenClass, withoutCrc)) };
}

/** Bits 59 to 16 of the block (44 bits). */
function encodeDataFields(content: TokenContent): { data: bigint } | { rejections: Rejection[] } {
  switch (content.type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit': {
      const rejections = checkRndAndTid(content.rnd, content.tid);
      const encoded = encodeAmountField(content.amount);
      const amount = formatAmount(content.type, content.amount);
      if (content.amount < 0n) {
        rejections.push(
          reject(
            'negative-value',
            'amount',
            content.amount,
            `The amount ${amount} is negative; a token carries 0 or more.`,
          ),
        );
      } else if (!encoded) {
        const largest = formatAmount(content.type, maxAmountFieldValue);
        rejections.push(
          reject(
            'value-out-of-range',
            'amount',
            content.amount,
            `The amount ${amount} is above the largest one a token can carry, ${largest} (field ffff); split it over several tokens.`,
          ),
        );
      }
      if (rejections.length > 0 || !encoded) return { rejections };
      return { data: tidFields(content.rnd, content.tid, encoded.field) };
    }
    case 'ClearCredit':
      return rawFieldData(content.rnd, content.tid, 'register', content.register);
    case 'ClearTamperCondition':
      return rawFieldData(content.rnd, content.tid, 'pad', content.pad);
    case 'SetWaterMeterFactor':
      return rawFieldData(content.rnd, content.tid, 'factor', content.factor);
    case 'InitiateMeterTestOrDisplay': {
      const controlBits = content.subclass === 0 ? 36n : 28n;
      const codeBits = 44n - controlBits;
      const rejections: Rejection[] = [];
      if (content.control < 0n || content.control >= 1n << controlBits) {
        rejections.push(
          reject(
            'invalid-field',
            'control',
            content.control,
            `The control field of subclass ${content.subclass} has ${controlBits} bits; ${content.control} does not fit.`,
          ),
        );
      }
      if (!fitsUnsigned(content.manufacturerCode, Number(codeBits))) {
        rejections.push(
          reject(
            'invalid-field',
            'manufacturerCode',
            content.manufacturerCode,
            `The manufacturer code of subclass ${content.subclass} has ${codeBits} bits; ${content.manufacturerCode} does not fit.`,
          ),
        );
      }
      if (rejections.length > 0) return { rejections };
      return { data: (content.control << codeBits) | BigInt(content.manufacturerCode) };
    }
    case 'Set1stSectionDecoderKey': {
      const rejections = [
        ...checkUnsigned('kenHigh', content.kenHigh, 4),
        ...checkUnsigned('krn', content.krn, 4),
        ...checkUnsigned('kt', content.kt, 2),
        ...checkUnsigned('keyPart', content.keyPart, 32),
      ];
      if (rejections.length > 0) return { rejections };
      const flags = ((content.rollover ? 1 : 0) << 3) | content.kt;
      return {
        data:
          (BigInt(content.kenHigh) << 40n) |
          (BigInt(content.krn) << 36n) |
          (BigInt(flags) << 32n) |
          BigInt(content.keyPart),
      };
    }
    case 'Set2ndSectionDecoderKey': {
      const rejections = [
        ...checkUnsigned('kenLow', content.kenLow, 4),
        ...checkUnsigned('ti', content.ti, 8),
        ...checkUnsigned('keyPart', content.keyPart, 32),
      ];
      if (rejections.length > 0) return { rejections };
      return {
        data: (BigInt(content.kenLow) << 40n) | (BigInt(content.ti) << 32n) | BigInt(content.keyPart),
      };
    }
    case 'Set3rdSectionDecoderKey':
    case 'Set4thSectionDecoderKey': {
      const sgcPart = content.type === 'Set3rdSectionDecoderKey' ? content.sgcLow : content.sgcHigh;
      const sgcField = content.type === 'Set3rdSectionDecoderKey' ? 'sgcLow' : 'sgcHigh';
      const rejections = [
        ...checkUnsigned(sgcField, sgcPart, 12),
        ...checkUnsigned('keyPart', content.keyPart, 32),
      ];
      if (rejections.length > 0) return { rejections };
      return { data: (BigInt(sgcPart) << 32n) | BigInt(content.keyPart) };
    }
  }
}

function rawFieldData(
  rnd: number,
  tid: number,
  field: string,
  value: number,
): { data: bigint } | { rejections: Rejection[] } {
  const rejections = [...checkRndAndTid(rnd, tid), ...checkUnsigned(field, value, 16)];
  if (rejections.length > 0) return { rejections };
  return { data: tidFields(rnd, tid, value) };
}

/** Writes an amount in the unit of its token type: tenths of a kWh or m3 as decimals, watts and time units whole. */
function formatAmount(type: AmountTokenType, amount: bigint): string {
  switch (type) {
    case 'TransferElectricityCredit':
      return `${formatTenths(amount)} kWh`;
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
      return `${formatTenths(amount)} m3`;
    case 'TransferTimeCredit':
      return `${amount} time units`;
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit':
      return `${amount} W`;
  }
}

function tidFields(rnd: number, tid: number, field: number): bigint {
  return (BigInt(rnd) << 40n) | (BigInt(tid) << 16n) | BigInt(field);
}

function checkRndAndTid(rnd: number, tid: number): Rejection[] {
  const rejections: Rejection[] = [];
  if (!fitsUnsigned(rnd, 4)) {
    rejections.push(
      reject(
        'rnd-out-of-range',
        'rnd',
        rnd,
        `RND ${rnd} is outside the 4-bit range; use an integer from 0 to 15.`,
      ),
    );
  }
  if (Number.isInteger(tid) && tid < 0) {
    rejections.push(
      reject(
        'tid-out-of-range',
        'tid',
        tid,
        `TID ${tid} falls before the key's base date, where no TID exists; issue the token under a key whose base date has passed.`,
      ),
    );
  } else if (!fitsUnsigned(tid, 24)) {
    rejections.push(
      reject(
        'tid-out-of-range',
        'tid',
        tid,
        `TID ${tid} is above the 24-bit maximum ${maxTid} (ffffff) of the key's base date; the meter needs a TID rollover key change to the next base date first.`,
      ),
    );
  }
  return rejections;
}

function checkUnsigned(field: string, value: number, bits: number): Rejection[] {
  if (fitsUnsigned(value, bits)) return [];
  return [
    reject(
      'invalid-field',
      field,
      value,
      `${field} ${value} must be an integer from 0 to ${2 ** bits - 1} (${bits} bits).`,
    ),
  ];
}

function fitsUnsigned(value: number, bits: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** bits;
}
