import { createTokenCipher, type DecoderKey } from './crypto/token-cipher.js';
import type { StaCipher } from './crypto/sta-cipher.js';
import { decoderKeyLength, type KeyType } from './keys/key-data.js';
import { reject, type Rejection } from './rejection.js';
import { encodeTokenBlock } from './token/token-block.js';
import { hasTid, isCreditTokenType, type TokenContent } from './token/token-content.js';
import { isKeyExpiredAt, maxTid } from './token/token-identifier.js';
import { formatTokenNumber } from './token/token-number.js';

export type IssueTokenRequest = {
  content: TokenContent;
  /** The meter's decoder key; class 1 tokens are not encrypted and need none. */
  decoderKey?: DecoderKey;
  /** The key type; when given, credit tokens under an initialization or default key are rejected. */
  keyType?: KeyType;
  /** The key expiry number; when given, tokens whose TID is past it are rejected. */
  keyExpiryNumber?: number;
  /** STA tables for EA07; the IEC sample tables when absent. */
  staCipher?: StaCipher;
};

/** A token: the 20 digits, the class it travels under and its 64-bit block before encryption. */
export type IssuedToken = { kind: 'issued'; token: string; tokenClass: number; block: bigint };

export type IssueTokenResult = IssuedToken | { kind: 'rejected'; rejections: Rejection[] };

/**
 * Issues one token: checks the request against the key (type and expiry), builds the block with its CRC,
 * encrypts it (except class 1), moves the class bits in and writes the 20 digits. Every reason to reject is
 * returned, not only the first.
 */
export function issueToken(request: IssueTokenRequest): IssueTokenResult {
  const { content } = request;
  const rejections = findKeyRejections(request);
  const encoded = encodeTokenBlock(content);
  if ('rejections' in encoded) rejections.push(...encoded.rejections);
  if (rejections.length > 0 || 'rejections' in encoded) return { kind: 'rejected', rejections };

  if (encoded.tokenClass === 1) {
    return { kind: 'issued', token: formatTokenNumber(1, encoded.block), ...encoded };
  }
  const cipher = createTokenCipher(request.decoderKey!, request.staCipher);
  const token = formatTokenNumber(encoded.tokenClass, cipher.encrypt(encoded.block));
  return { kind: 'issued', token, ...encoded };
}

function findKeyRejections(request: IssueTokenRequest): Rejection[] {
  const { content, decoderKey, keyType, keyExpiryNumber } = request;
  const rejections: Rejection[] = [];
  if (content.type !== 'InitiateMeterTestOrDisplay') {
    if (!decoderKey) {
      rejections.push(
        reject(
          'invalid-decoder-key',
          'decoderKey',
          undefined,
          `A ${content.type} token is encrypted, so it needs the meter's decoder key.`,
        ),
      );
    } else if (decoderKey.key.length !== decoderKeyLength(decoderKey.ea)) {
      const bits = decoderKeyLength(decoderKey.ea) * 8;
      rejections.push(
        reject(
          'invalid-decoder-key',
          'decoderKey',
          `${decoderKey.key.length * 8} bits`,
          `An EA${decoderKey.ea} decoder key has ${bits} bits (${bits / 4} hex digits); this one has ${decoderKey.key.length * 8}.`,
        ),
      );
    }
  }
  // An out-of-range TID has its own rejection, and its top bits do not show whether the key has expired.
  const tidInRange =
    hasTid(content) && Number.isInteger(content.tid) && content.tid >= 0 && content.tid <= maxTid;
  if (
    hasTid(content) &&
    tidInRange &&
    keyExpiryNumber !== undefined &&
    isKeyExpiredAt(content.tid, keyExpiryNumber)
  ) {
    rejections.push(
      reject(
        'key-expired',
        'ken',
        keyExpiryNumber,
        `The key has expired: the top 8 bits of TID ${content.tid} are ${content.tid >>> 16}, above KEN ${keyExpiryNumber}. Issue a key change to a key with a later expiry first.`,
      ),
    );
  }
  if (isCreditTokenType(content.type) && (keyType === 0 || keyType === 1)) {
    const name = keyType === 0 ? 'initialization' : 'default';
    rejections.push(
      reject(
        keyType === 0 ? 'initialization-key-credit' : 'default-key-credit',
        'kt',
        keyType,
        `The key type is ${keyType} (${name} key); a meter accepts credit only under a unique (2) or common (3) key. Change the meter to such a key first.`,
      ),
    );
  }
  return rejections;
}
