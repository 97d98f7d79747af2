import type { StaCipher } from '../crypto/sta-cipher.js';
import { createTokenCipher, type DecoderKey } from '../crypto/token-cipher.js';
import { reject, type Rejection } from '../rejection.js';
import { decodeTokenBlock } from '../token/decode-token-block.js';
import type { TokenContent } from '../token/token-content.js';
import { parseTokenNumber } from '../token/token-number.js';

/** A token read back: its class, subclass, plaintext block and content. */
export type DecodedToken = {
  kind: 'decoded';
  tokenClass: number;
  subclass: number;
  block: bigint;
  content: TokenContent;
};

export type DecodeTokenResult = DecodedToken | { kind: 'rejected'; rejection: Rejection };

/**
 * Reverses the issue steps for one token: the 20 digits, the class bits, decryption under the decoder key
 * (class 1 tokens are not encrypted) and the CRC. It checks nothing that depends on the meter's memory.
 */
export function decodeToken(
  token: string,
  decoderKey: DecoderKey | undefined,
  staCipher?: StaCipher,
): DecodeTokenResult {
  const parsed = parseTokenNumber(token);
  if (!parsed) {
    return rejected(
      'invalid-token-number',
      'token',
      token,
      `Token "${token}" must be 20 decimal digits below 2^66; check it for a typing error.`,
    );
  }
  const { tokenClass, encryptedBlock } = parsed;
  if (tokenClass === 3) {
    return rejected(
      'unsupported-token-type',
      'token',
      token,
      `Token "${token}" is of class 3, which this engine does not handle.`,
    );
  }
  let block = encryptedBlock;
  if (tokenClass !== 1) {
    if (!decoderKey) {
      return rejected(
        'invalid-decoder-key',
        'decoderKey',
        undefined,
        `Token "${token}" is of class ${tokenClass} and encrypted, so it needs the meter's decoder key.`,
      );
    }
    block = createTokenCipher(decoderKey, staCipher).decrypt(encryptedBlock);
  }
  const decoded = decodeTokenBlock(tokenClass, block);
  if ('failure' in decoded) {
    if (decoded.failure === 'crc-mismatch') {
      return rejected(
        'crc-mismatch',
        'token',
        token,
        `Token "${token}" fails its CRC check: it is mistyped, or made for another meter or key.`,
      );
    }
    return rejected(
      'unsupported-token-type',
      'token',
      token,
      `Token "${token}" is class ${tokenClass} subclass ${decoded.subclass}, which this engine does not handle.`,
    );
  }
  return { kind: 'decoded', tokenClass, subclass: decoded.subclass, block, content: decoded.content };
}

function rejected(
  code: Rejection['code'],
  field: string,
  value: unknown,
  message: string,
): DecodeTokenResult {
  return { kind: 'rejected', rejection: reject(code, field, value, message) };
}
