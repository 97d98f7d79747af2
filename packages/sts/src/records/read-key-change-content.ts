import { buildKeyChangeContents } from '../token/key-change-contents.js';
import type { KeyChangeTokenType, TokenContent } from '../token/token-content.js';
import type { RecordReader } from './record-reader.js';
import { readRecordKey, type RecordPan } from './read-record-key.js';

const positions: Record<KeyChangeTokenType, number> = {
  Set1stSectionDecoderKey: 1,
  Set2ndSectionDecoderKey: 2,
  Set3rdSectionDecoderKey: 3,
  Set4thSectionDecoderKey: 4,
};

/**
 * Reads a key change token from `keyChange`: the new key (derived from `newKey.vendingKeyHex` and the
 * meter's PAN, or taken from `newKey.decoderKeyHex`), its key data, the RO bit from `rollover`, and the
 * token of the set that the token type names.
 */
export function readKeyChangeContent(
  reader: RecordReader,
  type: KeyChangeTokenType,
  pan: RecordPan,
): TokenContent | undefined {
  const keyChange = reader.nested('keyChange', true);
  if (!keyChange) return undefined;
  const position = positions[type];
  const givenPosition = keyChange.integer('position', 1, 4, false);
  if (givenPosition !== undefined && givenPosition !== position) {
    keyChange.invalid(
      'invalid-field',
      'position',
      givenPosition,
      `a ${type} token is position ${position} of its set`,
    );
  }
  const rollover = keyChange.boolean('rollover');
  const newKeyReader = keyChange.nested('newKey', true);
  if (!newKeyReader) return undefined;
  const newKey = readRecordKey(newKeyReader, pan, true);
  for (const field of ['sgc', 'ti', 'krn', 'kt', 'ken'] as const) {
    if (!newKeyReader.has(field))
      newKeyReader.missing(field, 'the value of the new key', ', which the key change tokens carry');
  }
  const { decoderKey, sgc, ti, krn, keyType, keyExpiryNumber } = newKey;
  if (!decoderKey || rollover === undefined || sgc === undefined || ti === undefined) return undefined;
  if (krn === undefined || keyType === undefined || keyExpiryNumber === undefined) return undefined;

  const setSize = decoderKey.key.length === 8 ? 2 : 4;
  const givenSetSize = keyChange.integer('setSize', 2, 4, false);
  if (givenSetSize !== undefined && givenSetSize !== setSize) {
    keyChange.invalid(
      'invalid-field',
      'setSize',
      givenSetSize,
      `a ${decoderKey.key.length * 8}-bit key is installed by ${setSize} tokens`,
    );
    return undefined;
  }
  if (position > setSize) {
    reader.invalid(
      'invalid-field',
      'tokenType',
      type,
      `a ${decoderKey.key.length * 8}-bit key is installed by ${setSize} tokens, so its set has no token ${position}`,
    );
    return undefined;
  }
  const contents = buildKeyChangeContents(
    { decoderKey: decoderKey.key, sgc, ti, krn, kt: keyType, ken: keyExpiryNumber },
    rollover,
  );
  return contents[position - 1];
}
