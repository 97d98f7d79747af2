/** Key type (KT): 0 initialization, 1 default, 2 unique, 3 common. */
export type KeyType = 0 | 1 | 2 | 3;

/** Base date of a decoder key: the TID counts minutes from 00:00 UTC on this date. */
export type BaseDate = '1993-01-01' | '2014-01-01' | '2035-01-01';

export const baseDates: readonly BaseDate[] = ['1993-01-01', '2014-01-01', '2035-01-01'];

/** Decoder key generation algorithm: DKGA02 (DES) or DKGA04 (HMAC-SHA-256). */
export type KeyDerivationAlgorithm = '02' | '04';

/** Encryption algorithm: EA07 (STA, 64-bit key) or EA11 (MISTY1, 128-bit key). */
export type EncryptionAlgorithm = '07' | '11';

/** The key data that a meter keeps with its decoder key. */
export type DecoderKeyData = {
  /** Supply group code, 6 digits. */
  sgc: string;
  /** Tariff index, 0 to 99. */
  ti: number;
  /** Key revision number, 1 to 9. */
  krn: number;
  kt: KeyType;
  /** Key expiry number, 0 to 255 (255 never expires): the key has expired when TID >> 16 exceeds it. */
  ken: number;
  baseDate: BaseDate;
  dkga: KeyDerivationAlgorithm;
  ea: EncryptionAlgorithm;
};

/** Length in bytes of the decoder key an encryption algorithm takes. */
export function decoderKeyLength(ea: EncryptionAlgorithm): 8 | 16 {
  return ea === '07' ? 8 : 16;
}

/** Returns the base date that a TID rollover key change moves to, or undefined after the last one. */
export function nextBaseDate(baseDate: BaseDate): BaseDate | undefined {
  return baseDates[baseDates.indexOf(baseDate) + 1];
}
