/**
 * Reason code of a rejection, by the engine of a request or by a meter of a token. The first nine codes are those of the STS
 * negative test cases; the others cover malformed input and the meter's own checks.
 */
export type RejectionCode =
  | 'key-expired'
  | 'default-key-credit'
  | 'initialization-key-credit'
  | 'invalid-meter-number'
  | 'invalid-check-digit'
  | 'tid-out-of-range'
  | 'value-out-of-range'
  | 'negative-value'
  | 'rnd-out-of-range'
  | 'invalid-decoder-key'
  | 'invalid-vending-key'
  | 'vending-key-not-found'
  | 'invalid-key-data'
  | 'invalid-field'
  | 'missing-field'
  | 'unsupported-token-type'
  | 'invalid-token-number'
  | 'crc-mismatch'
  | 'tid-used'
  | 'tid-too-old'
  | 'key-change-mismatch';

/** One reason for a rejection: a code, the input field concerned, the value found there and a sentence. */
export type Rejection = {
  code: RejectionCode;
  field: string;
  value: unknown;
  message: string;
};

/** Builds a rejection. */
export function reject(code: RejectionCode, field: string, value: unknown, message: string): Rejection {
  return { code, field, value, message };
}
