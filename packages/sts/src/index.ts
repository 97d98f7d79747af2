export type { Rejection, RejectionCode } from './rejection.js';
export { computeLuhnCheckDigit } from './meter/luhn-check-digit.js';
export { computeMeterPan, findPanRejections } from './meter/meter-number.js';
export {
  baseDates,
  decoderKeyLength,
  nextBaseDate,
  type BaseDate,
  type DecoderKeyData,
  type EncryptionAlgorithm,
  type KeyDerivationAlgorithm,
  type KeyType,
} from './keys/key-data.js';
export { deriveDecoderKey, type DecoderKeyInput } from './keys/derive-decoder-key.js';
export { encryptDesBlock } from './keys/des.js';
export { createStaCipher, type StaCipher } from './crypto/sta-cipher.js';
export { findStaTablesProblems, type StaTables, type StaTablesProblem } from './crypto/sta-tables.js';
export { iecSampleStaTables } from './crypto/iec-sample-sta-tables.js';
export { createMisty1Cipher, type Misty1Cipher } from './crypto/misty1-cipher.js';
export {
  createTokenCipher,
  getSampleStaCipher,
  type DecoderKey,
  type TokenCipher,
} from './crypto/token-cipher.js';
export { formatHexBytes, parseHexBytes } from './crypto/hex-bytes.js';
export { computeCrc16Modbus, computeTokenCrc } from './token/crc16.js';
export {
  decodeAmountField,
  encodeAmountField,
  maxAmountFieldValue,
  type EncodedAmount,
} from './token/amount-field.js';
export {
  chooseNextTid,
  computeMinutesSinceBaseDate,
  instantOfTid,
  isKeyExpiredAt,
  maxTid,
} from './token/token-identifier.js';
export {
  findTokenType,
  hasTid,
  isCreditTokenType,
  tokenTypeCodes,
  type AmountManagementTokenType,
  type CreditTokenType,
  type KeyChangeTokenType,
  type TokenContent,
  type TokenType,
} from './token/token-content.js';
export { encodeTokenBlock, type TokenBlock } from './token/token-block.js';
export { decodeTokenBlock, type DecodedBlock } from './token/decode-token-block.js';
export { formatTokenNumber, parseTokenNumber } from './token/token-number.js';
export { buildKeyChangeContents, type NewKeyData } from './token/key-change-contents.js';
export {
  issueToken,
  type IssuedToken,
  type IssueTokenRequest,
  type IssueTokenResult,
} from './issue-token.js';
export { decodeToken, type DecodedToken, type DecodeTokenResult } from './decode/decode-token.js';
export {
  createMeterSimulator,
  type MeterEffect,
  type MeterKey,
  type MeterResponse,
  type MeterSimulator,
  type MeterSimulatorOptions,
  type MeterState,
} from './decode/meter-simulator.js';
export type { TokenRecord } from './records/record-reader.js';
export { issueTokenRecord } from './records/issue-token-record.js';
export { decodeTokenRecord, type DecodeTokenRecordResult } from './records/decode-token-record.js';
export { parseStaTablesDocument, StaTablesDocumentError } from './records/parse-sta-tables-document.js';
export type { IssuerMeter, KeyChangeResult, TokenIssuer } from './issuer/token-issuer.js';
export {
  createSoftwareTokenIssuer,
  type SoftwareTokenIssuerOptions,
} from './issuer/software-token-issuer.js';
export {
  createHsmTokenIssuer,
  HsmNotAvailableError,
  type HsmTokenIssuerOptions,
} from './issuer/hsm-token-issuer.js';
export {
  parseVendingKeySecrets,
  VendingKeySecretsError,
  type VendingKeyId,
  type VendingKeyStore,
} from './issuer/vending-key-store.js';
