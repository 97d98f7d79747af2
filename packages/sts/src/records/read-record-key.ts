import { parseHexBytes } from '../crypto/hex-bytes.js';
import type { DecoderKey } from '../crypto/token-cipher.js';
import { deriveDecoderKey } from '../keys/derive-decoder-key.js';
import {
  baseDates,
  decoderKeyLength,
  type BaseDate,
  type DecoderKeyData,
  type EncryptionAlgorithm,
  type KeyDerivationAlgorithm,
  type KeyType,
} from '../keys/key-data.js';
import { computeMeterPan, findPanRejections } from '../meter/meter-number.js';
import { reject } from '../rejection.js';
import type { RecordReader } from './record-reader.js';

/** The meter's PAN from `pan`, or from `iin` and `drn`; `invalid` when a number was given but is wrong. */
export type RecordPan = { pan: string | undefined; invalid: boolean };

export function readRecordPan(reader: RecordReader): RecordPan {
  const pan = reader.raw('pan');
  const iin = reader.raw('iin');
  const drn = reader.raw('drn');
  if (pan !== undefined && typeof pan !== 'string') {
    reader.invalid('invalid-meter-number', 'pan', pan, 'must be the 18-digit meter PAN as a string');
    return { pan: undefined, invalid: true };
  }
  if (pan !== undefined) {
    const rejections = findPanRejections(pan);
    reader.rejections.push(...rejections);
    if (rejections.length > 0) return { pan: undefined, invalid: true };
  }
  if (iin === undefined && drn === undefined) return { pan, invalid: false };
  if (typeof iin !== 'string' || typeof drn !== 'string') {
    const field = typeof iin !== 'string' ? 'iin' : 'drn';
    reader.invalid(
      'invalid-meter-number',
      field,
      reader.raw(field),
      'must be a string of digits; give both iin and drn, or only pan',
    );
    return { pan: undefined, invalid: true };
  }
  const computed = computeMeterPan(iin, drn);
  if ('rejections' in computed) {
    reader.rejections.push(...computed.rejections);
    return { pan: undefined, invalid: true };
  }
  if (pan !== undefined && pan !== computed.pan) {
    reader.rejections.push(
      reject(
        'invalid-meter-number',
        'pan',
        pan,
        `PAN "${pan}" does not match IIN ${iin} and DRN ${drn}, whose PAN is ${computed.pan}; correct one of them.`,
      ),
    );
    return { pan: undefined, invalid: true };
  }
  return { pan: computed.pan, invalid: false };
}

/** The key fields a record gives for one key (the meter's current key, or the new key of a key change). */
export type RecordKey = {
  decoderKey: DecoderKey | undefined;
  keyType: KeyType | undefined;
  keyExpiryNumber: number | undefined;
  baseDate: BaseDate | undefined;
  sgc: string | undefined;
  ti: number | undefined;
  krn: number | undefined;
};

/**
 * Reads a key: the decoder key is derived from `vendingKeyHex` when the record gives one (with the PAN and
 * the key data), and taken from `decoderKeyHex` only when it gives none. `needsDecoderKey` is false for
 * tokens that are not encrypted.
 */
export function readRecordKey(reader: RecordReader, pan: RecordPan, needsDecoderKey: boolean): RecordKey {
  const sgc = reader.string('sgc', /^\d{6}$/, 'the 6-digit supply group code, for example "123456"', false);
  const ti = readTariffIndex(reader);
  const krn = reader.integer('krn', 1, 9, false);
  const keyType = reader.integer('kt', 0, 3, false) as KeyType | undefined;
  const keyExpiryNumber = reader.integer('ken', 0, 255, false);
  const baseDate = reader.choice('baseDate', baseDates, false);
  const dkga = reader.choice<KeyDerivationAlgorithm>('dkga', ['02', '04'], false);
  const ea = reader.choice<EncryptionAlgorithm>('ea', ['07', '11'], needsDecoderKey);
  const key: RecordKey = { decoderKey: undefined, keyType, keyExpiryNumber, baseDate, sgc, ti, krn };
  if (!needsDecoderKey || !ea) return key;

  if (reader.has('vendingKeyHex')) {
    const vendingKey = readVendingKey(reader, dkga);
    const keyData = { sgc, ti, krn, kt: keyType, baseDate, dkga, ea };
    const complete = requireDerivationInputs(reader, keyData, pan);
    if (!vendingKey || !complete || pan.pan === undefined) return key;
    if (dkga === '02' && ea === '11') {
      reader.invalid(
        'invalid-key-data',
        'dkga',
        dkga,
        'DKGA02 derives a 64-bit key, but EA11 (MISTY1) needs 128 bits; use DKGA04',
      );
      return key;
    }
    return {
      ...key,
      decoderKey: { ea, key: deriveDecoderKey({ vendingKey, pan: pan.pan, keyData: complete }) },
    };
  }
  return { ...key, decoderKey: readDecoderKeyHex(reader, ea) };
}

function readTariffIndex(reader: RecordReader): number | undefined {
  const text = reader.string('ti', /^\d{2}$/, 'the 2-digit tariff index, for example "01"', false);
  return text === undefined ? undefined : Number(text);
}

function readVendingKey(
  reader: RecordReader,
  dkga: KeyDerivationAlgorithm | undefined,
): Uint8Array | undefined {
  const value = reader.raw('vendingKeyHex');
  const bytes = typeof value === 'string' ? parseHexBytes(value) : undefined;
  const expected = dkga === '02' ? '16 hex digits (a 64-bit DES key)' : '32 to 128 hex digits';
  const valid = bytes && (dkga === '02' ? bytes.length === 8 : bytes.length >= 16 && bytes.length <= 64);
  if (!valid) {
    // The vending key is a secret: the message never repeats it.
    reader.rejections.push(
      reject(
        'invalid-vending-key',
        reader.name('vendingKeyHex'),
        undefined,
        `Field ${reader.name('vendingKeyHex')} is not a valid DKGA${dkga ?? ''} vending key: it must be ${expected}.`,
      ),
    );
    return undefined;
  }
  return bytes;
}

function requireDerivationInputs(
  reader: RecordReader,
  data: Partial<DecoderKeyData>,
  pan: RecordPan,
): DecoderKeyInputData | undefined {
  const neededFor = ', which the decoder key derivation needs';
  if (pan.pan === undefined && !pan.invalid)
    reader.missing('pan', 'the 18-digit meter PAN, or iin and drn', neededFor);
  if (!reader.has('sgc')) reader.missing('sgc', 'the 6-digit supply group code', neededFor);
  if (!reader.has('ti')) reader.missing('ti', 'the 2-digit tariff index', neededFor);
  if (!reader.has('krn')) reader.missing('krn', 'the key revision number (1 to 9)', neededFor);
  if (!reader.has('kt')) reader.missing('kt', 'the key type (0 to 3)', neededFor);
  if (!reader.has('dkga')) reader.missing('dkga', '"02" or "04"', neededFor);
  if (data.dkga === '04' && !reader.has('baseDate'))
    reader.missing('baseDate', 'the base date, for example "1993-01-01"', neededFor);
  const { sgc, ti, krn, kt, dkga, ea } = data;
  if (sgc === undefined || ti === undefined || krn === undefined || kt === undefined || !dkga || !ea)
    return undefined;
  if (dkga === '04' && !data.baseDate) return undefined;
  return { sgc, ti, krn, kt, dkga, ea, baseDate: data.baseDate ?? '1993-01-01' };
}

type DecoderKeyInputData = Pick<DecoderKeyData, 'sgc' | 'ti' | 'krn' | 'kt' | 'baseDate' | 'dkga' | 'ea'>;

function readDecoderKeyHex(reader: RecordReader, ea: EncryptionAlgorithm): DecoderKey | undefined {
  const digits = decoderKeyLength(ea) * 2;
  const value = reader.raw('decoderKeyHex');
  if (value === undefined) {
    reader.rejections.push(
      reject(
        'invalid-decoder-key',
        reader.name('decoderKeyHex'),
        undefined,
        `The record gives neither vendingKeyHex nor decoderKeyHex; give one (an EA${ea} decoder key is ${digits} hex digits).`,
      ),
    );
    return undefined;
  }
  const bytes = typeof value === 'string' ? parseHexBytes(value) : undefined;
  if (!bytes || bytes.length !== decoderKeyLength(ea)) {
    // The decoder key is a secret, so the message gives its form but never its digits.
    const found =
      typeof value !== 'string'
        ? 'not a string'
        : /^[0-9a-fA-F]*$/.test(value)
          ? `${value.length} hex digits`
          : `${value.length} characters, not all hex digits`;
    reader.rejections.push(
      reject(
        'invalid-decoder-key',
        reader.name('decoderKeyHex'),
        found,
        `Field ${reader.name('decoderKeyHex')} is ${found}: an EA${ea} decoder key has ${digits * 4} bits, ${digits} hex digits.`,
      ),
    );
    return undefined;
  }
  return { ea, key: bytes };
}
