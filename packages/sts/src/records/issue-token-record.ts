import type { StaCipher } from '../crypto/sta-cipher.js';
import { issueToken, type IssueTokenResult } from '../issue-token.js';
import type { Rejection } from '../rejection.js';
import type { KeyChangeTokenType, TokenContent, TokenType } from '../token/token-content.js';
import { RecordReader, describeValue, type TokenRecord } from './record-reader.js';
import { readKeyChangeContent } from './read-key-change-content.js';
import { readRecordKey, readRecordPan } from './read-record-key.js';
import { readTokenContent, readTokenType, type TidSource } from './read-token-content.js';

/**
 * Issues the token that a record in the format of the STS vector files describes. It uses the inputs only
 * (meter, key data, vending or decoder key, token type, requested value and unit, RND, TID or issue
 * instant, class 1 fields, key change fields) and ignores `token`, `plaintextBlockHex` and every other
 * computed value. `decoderKeyHex` is used only when the record gives no vending key.
 */
export function issueTokenRecord(record: TokenRecord, staCipher?: StaCipher): IssueTokenResult {
  const reader = new RecordReader(record);
  const type = readTokenType(reader);
  const encrypted = type !== 'InitiateMeterTestOrDisplay';
  const pan = encrypted ? readRecordPan(reader) : { pan: undefined, invalid: false };
  const key = readRecordKey(reader, pan, encrypted);

  let content: TokenContent | undefined;
  let tidSource: TidSource | undefined;
  if (type && isKeyChangeType(type)) {
    content = readKeyChangeContent(reader, type, pan);
  } else if (type) {
    ({ content, tidSource } = readTokenContent(reader, type, key.baseDate));
  }
  if (reader.rejections.length > 0 || !content) return { kind: 'rejected', rejections: reader.rejections };

  const result = issueToken({
    content,
    decoderKey: key.decoderKey,
    keyType: key.keyType,
    keyExpiryNumber: key.keyExpiryNumber,
    staCipher,
  });
  if (result.kind === 'issued') return result;
  return {
    kind: 'rejected',
    rejections: result.rejections.map((rejection) => inRecordTerms(rejection, record, tidSource)),
  };
}

function isKeyChangeType(type: TokenType): type is KeyChangeTokenType {
  return type.startsWith('Set') && type.endsWith('SectionDecoderKey');
}

/** Names the record field behind an engine rejection: the amount came from `requestedValue`, the TID maybe from `issuedAtUtc`. */
function inRecordTerms(
  rejection: Rejection,
  record: TokenRecord,
  tidSource: TidSource | undefined,
): Rejection {
  if (rejection.field === 'amount') {
    const value = record.requestedValue;
    return { ...rejection, field: 'requestedValue', value };
  }
  if (rejection.field === 'tid' && tidSource === 'issuedAtUtc') {
    const value = record.issuedAtUtc;
    return {
      ...rejection,
      field: 'issuedAtUtc',
      value,
      message: `issuedAtUtc ${describeValue(value)}: ${rejection.message}`,
    };
  }
  return rejection;
}
