import type { KeyType } from '../keys/key-data.js';
import type { TokenContent } from './token-content.js';

/** The new key that a key change set installs, with the key data that travels with it. */
export type NewKeyData = {
  /** 8 bytes (EA07) or 16 bytes (EA11). */
  decoderKey: Uint8Array;
  sgc: string;
  ti: number;
  krn: number;
  kt: KeyType;
  ken: number;
};

/**
 * Builds the key change set that installs a new decoder key, in entry order. A 64-bit key takes two tokens,
 * the high half and then the low half. A 128-bit key takes four, with bits 127 to 96, 31 to 0, 95 to 64 and
 * 63 to 32, and the new SGC split over the third and fourth. `rollover` sets the RO bit of a TID rollover
 * key change, which also moves the meter to the next base date.
 */
export function buildKeyChangeContents(newKey: NewKeyData, rollover: boolean): TokenContent[] {
  const key = newKey.decoderKey;
  const word = (index: number) =>
    ((key[index * 4]! << 24) |
      (key[index * 4 + 1]! << 16) |
      (key[index * 4 + 2]! << 8) |
      key[index * 4 + 3]!) >>>
    0;
  const first: TokenContent = {
    type: 'Set1stSectionDecoderKey',
    kenHigh: newKey.ken >>> 4,
    krn: newKey.krn,
    rollover,
    kt: newKey.kt,
    keyPart: word(0),
  };
  if (key.length === 8) {
    return [
      first,
      { type: 'Set2ndSectionDecoderKey', kenLow: newKey.ken & 0xf, ti: newKey.ti, keyPart: word(1) },
    ];
  }
  const sgc = Number(newKey.sgc);
  return [
    first,
    { type: 'Set2ndSectionDecoderKey', kenLow: newKey.ken & 0xf, ti: newKey.ti, keyPart: word(3) },
    { type: 'Set3rdSectionDecoderKey', sgcLow: sgc & 0xfff, keyPart: word(1) },
    { type: 'Set4thSectionDecoderKey', sgcHigh: sgc >>> 12, keyPart: word(2) },
  ];
}
