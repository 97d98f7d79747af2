import type { DecoderKeyData } from '../keys/key-data.js';
import type { IssuedToken, IssueTokenResult } from '../issue-token.js';
import type { Rejection } from '../rejection.js';
import type { KeyChangeTokenType, TokenContent } from '../token/token-content.js';

/** A meter as a token issuer needs it: its PAN and the key data of its current key. */
export type IssuerMeter = { pan: string; key: DecoderKeyData };

export type KeyChangeResult =
  { kind: 'issued'; tokens: IssuedToken[] } | { kind: 'rejected'; rejections: Rejection[] };

/**
 * Issues tokens for meters without handing decoder keys to the caller. The software engine derives keys in
 * this process; a hardware security module would derive and use them inside the module.
 */
export type TokenIssuer = {
  readonly kind: 'software' | 'hsm';
  /** Issues one token that is not a key change token, under the meter's current key. */
  issueToken(
    meter: IssuerMeter,
    content: Exclude<TokenContent, { type: KeyChangeTokenType }>,
  ): Promise<IssueTokenResult>;
  /**
   * Issues the key change set that moves the meter from its current key to the key that `newKey` names,
   * in entry order. `rollover` marks a TID rollover to the next base date.
   */
  issueKeyChange(
    meter: IssuerMeter,
    newKey: DecoderKeyData,
    options: { rollover: boolean },
  ): Promise<KeyChangeResult>;
};
