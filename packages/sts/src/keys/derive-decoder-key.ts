import { createHmac } from 'node:crypto';
import { encryptDesBlock } from './des.js';
import { decoderKeyLength, type DecoderKeyData } from './key-data.js';

/** Inputs of the decoder key derivation: the vending key, the meter's PAN and the key data. */
export type DecoderKeyInput = {
  vendingKey: Uint8Array;
  /** The 18-digit meter PAN. */
  pan: string;
  keyData: Pick<DecoderKeyData, 'sgc' | 'ti' | 'krn' | 'kt' | 'baseDate' | 'dkga' | 'ea'>;
};

/**
 * Derives a meter's decoder key with DKGA02 or DKGA04. DKGA02 yields 64 bits, so it serves EA07 only;
 * DKGA04 yields the key length of the encryption algorithm (64 bits for EA07, 128 for EA11).
 */
export function deriveDecoderKey(input: DecoderKeyInput): Uint8Array {
  switch (input.keyData.dkga) {
    case '02':
      return deriveDkga02(input);
    case '04':
      return deriveDkga04(input);
  }
}

/**
 * Derives a key with DKGA02. The PAN block is the 16 rightmost digits of the PAN without its check digit, as
 * BCD. The control block is KT, SGC, TI and KRN as BCD, padded with ffffff. Their XOR, the data block, is
 * encrypted with DES under the 64-bit vending key. The decoder key is that output XOR the data block XOR the
 * vending key.
 */
function deriveDkga02({ vendingKey, pan, keyData }: DecoderKeyInput): Uint8Array {
  if (vendingKey.length !== 8) throw new RangeError('A DKGA02 vending key has 8 bytes');
  if (keyData.ea !== '07') throw new RangeError('DKGA02 derives a 64-bit key, which only EA07 uses');
  const panBlock = bcd(pan.slice(1, 17));
  const controlBlock = bcd(
    `${keyData.kt}${keyData.sgc}${String(keyData.ti).padStart(2, '0')}${keyData.krn}ffffff`,
  );
  const dataBlock = panBlock.map((byte, index) => byte ^ controlBlock[index]!);
  const encrypted = encryptDesBlock(vendingKey, dataBlock);
  return encrypted.map((byte, index) => byte ^ dataBlock[index]! ^ vendingKey[index]!);
}

/**
 * Derives a key with DKGA04: the leftmost 64 or 128 bits of HMAC-SHA-256 under the vending key. The message
 * is the label, a zero byte, the context and the key length in bits as 4 bytes. The label and the context
 * are each a field count followed by length-prefixed ASCII fields. The label's fields are "04", the base
 * date's 2-digit year, the EA and the TI. The context's fields are the SGC, KT, KRN and PAN.
 */
function deriveDkga04({ vendingKey, pan, keyData }: DecoderKeyInput): Uint8Array {
  const keyLength = decoderKeyLength(keyData.ea);
  // NOTE: this layout was reconstructed from NectarAPI's tokens-service. The published test vectors prove it
  // for a 2-digit TI, 6-digit SGC, 1-digit KT and KRN and 18-digit PAN, but it is unchecked against the text
  // of IEC 62055-41:2018.
  const label = ['04', keyData.baseDate.slice(2, 4), keyData.ea, String(keyData.ti).padStart(2, '0')];
  const context = [keyData.sgc, String(keyData.kt), String(keyData.krn), pan];
  const message = Buffer.concat([
    lengthPrefixedFields(label),
    Buffer.of(0),
    lengthPrefixedFields(context),
    Buffer.of(0, 0, (keyLength * 8) >>> 8, (keyLength * 8) & 0xff),
  ]);
  const mac = createHmac('sha256', vendingKey).update(message).digest();
  return new Uint8Array(mac.subarray(0, keyLength));
}

function lengthPrefixedFields(fields: readonly string[]): Buffer {
  return Buffer.concat([
    Buffer.of(fields.length),
    ...fields.map((field) => Buffer.concat([Buffer.of(field.length), Buffer.from(field, 'ascii')])),
  ]);
}

/** Packs 16 hex digits (decimal digits in BCD, or f for padding) into 8 bytes. */
function bcd(digits: string): Uint8Array {
  const bytes = new Uint8Array(8);
  for (let index = 0; index < 8; index++)
    bytes[index] = Number.parseInt(digits.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}
