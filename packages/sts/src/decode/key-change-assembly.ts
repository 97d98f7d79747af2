import { reject, type Rejection } from '../rejection.js';
import type { KeyChangeTokenType, TokenContent } from '../token/token-content.js';
import { nextBaseDate } from '../keys/key-data.js';
import type { MeterKey } from './meter-simulator.js';

type KeyChangeContent = Extract<TokenContent, { type: KeyChangeTokenType }>;

/** The tokens of a key change set entered so far, by type. */
export type PendingKeyChange = Partial<{
  [Type in KeyChangeTokenType]: Extract<KeyChangeContent, { type: Type }>;
}>;

export type KeyChangeStep =
  | { kind: 'pending'; pending: PendingKeyChange }
  | { kind: 'complete'; key: MeterKey; rollover: boolean }
  | { kind: 'rejected'; rejection: Rejection };

/**
 * Adds one key change token to the set being entered. A 64-bit key needs the 1st and 2nd section tokens and
 * a 128-bit key all four. They may come in any order, and a second token of the same section replaces the
 * first. When the set is complete, returns the new key with the key data its tokens carry.
 */
export function applyKeyChangeToken(
  pending: PendingKeyChange,
  content: KeyChangeContent,
  current: MeterKey,
): KeyChangeStep {
  const keyLength = current.decoderKey.key.length;
  if (
    keyLength === 8 &&
    (content.type === 'Set3rdSectionDecoderKey' || content.type === 'Set4thSectionDecoderKey')
  ) {
    return {
      kind: 'rejected',
      rejection: reject(
        'key-change-mismatch',
        'token',
        content.type,
        `A meter with a 64-bit key takes 2 key change tokens; a ${content.type} token belongs to a 128-bit key.`,
      ),
    };
  }
  if (content.type === 'Set1stSectionDecoderKey' && content.rollover && !nextBaseDate(current.baseDate)) {
    return {
      kind: 'rejected',
      rejection: reject(
        'key-change-mismatch',
        'token',
        content.type,
        `The token asks for a TID rollover, but base date ${current.baseDate} is the last one.`,
      ),
    };
  }
  const next: PendingKeyChange = { ...pending, [content.type]: content };
  const { Set1stSectionDecoderKey: first, Set2ndSectionDecoderKey: second } = next;
  const { Set3rdSectionDecoderKey: third, Set4thSectionDecoderKey: fourth } = next;
  if (!first || !second) return { kind: 'pending', pending: next };
  if (keyLength === 16 && (!third || !fourth)) return { kind: 'pending', pending: next };

  const words =
    keyLength === 8
      ? [first.keyPart, second.keyPart]
      : [first.keyPart, third!.keyPart, fourth!.keyPart, second.keyPart];
  const key = new Uint8Array(keyLength);
  words.forEach((word, index) => {
    key[index * 4] = word >>> 24;
    key[index * 4 + 1] = (word >>> 16) & 0xff;
    key[index * 4 + 2] = (word >>> 8) & 0xff;
    key[index * 4 + 3] = word & 0xff;
  });
  const sgc =
    keyLength === 16 ? String((fourth!.sgcHigh << 12) | third!.sgcLow).padStart(6, '0') : current.sgc;
  return {
    kind: 'complete',
    rollover: first.rollover,
    key: {
      decoderKey: { ea: current.decoderKey.ea, key },
      sgc,
      ti: second.ti,
      krn: first.krn,
      kt: first.kt,
      ken: (first.kenHigh << 4) | second.kenLow,
      baseDate: current.baseDate,
    },
  };
}
