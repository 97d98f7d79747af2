import type { KeyType } from '../keys/key-data.js';

/** Token types with a 4-bit random number and a TID, by IEC 62055-41 name. */
export type CreditTokenType =
  'TransferElectricityCredit' | 'TransferWaterCredit' | 'TransferGasCredit' | 'TransferTimeCredit';

export type AmountManagementTokenType = 'SetMaximumPowerLimit' | 'SetMaximumPhasePowerUnbalanceLimit';

export type KeyChangeTokenType =
  | 'Set1stSectionDecoderKey'
  | 'Set2ndSectionDecoderKey'
  | 'Set3rdSectionDecoderKey'
  | 'Set4thSectionDecoderKey';

/**
 * The data fields of a token, before encryption. `amount` is the value before amount encoding: tenths of a kWh
 * (electricity) or of a cubic metre (water, gas), the meter's time unit for time credit, and watts for
 * power limits. `rnd` is the 4-bit random number and `tid` the 24-bit token identifier.
 */
export type TokenContent =
  | { type: CreditTokenType; rnd: number; tid: number; amount: bigint }
  | { type: AmountManagementTokenType; rnd: number; tid: number; amount: bigint }
  /** `register`: 0 to 3 clears the credit of that class 0 subclass; 0xffff clears every register. */
  | { type: 'ClearCredit'; rnd: number; tid: number; register: number }
  | { type: 'ClearTamperCondition'; rnd: number; tid: number; pad: number }
  | { type: 'SetWaterMeterFactor'; rnd: number; tid: number; factor: number }
  /** Class 1: subclass 0 has a 36-bit control field and an 8-bit manufacturer code, subclass 1 28 and 16. */
  | { type: 'InitiateMeterTestOrDisplay'; subclass: 0 | 1; control: bigint; manufacturerCode: number }
  | {
      type: 'Set1stSectionDecoderKey';
      kenHigh: number;
      krn: number;
      rollover: boolean;
      kt: KeyType;
      /** Bits 63 to 32 of a 64-bit key, 127 to 96 of a 128-bit key. */
      keyPart: number;
    }
  /** `keyPart`: the lowest 32 bits of the key. */
  | { type: 'Set2ndSectionDecoderKey'; kenLow: number; ti: number; keyPart: number }
  /** `keyPart`: bits 95 to 64 of a 128-bit key; `sgcLow` the low 12 bits of the new SGC. */
  | { type: 'Set3rdSectionDecoderKey'; sgcLow: number; keyPart: number }
  /** `keyPart`: bits 63 to 32 of a 128-bit key; `sgcHigh` the high 12 bits of the new SGC. */
  | { type: 'Set4thSectionDecoderKey'; sgcHigh: number; keyPart: number };

export type TokenType = TokenContent['type'];

/** Token class (0 credit, 1 test, 2 management) and subclass of each token type. */
export const tokenTypeCodes = {
  TransferElectricityCredit: { tokenClass: 0, subclass: 0 },
  TransferWaterCredit: { tokenClass: 0, subclass: 1 },
  TransferGasCredit: { tokenClass: 0, subclass: 2 },
  TransferTimeCredit: { tokenClass: 0, subclass: 3 },
  SetMaximumPowerLimit: { tokenClass: 2, subclass: 0 },
  ClearCredit: { tokenClass: 2, subclass: 1 },
  Set1stSectionDecoderKey: { tokenClass: 2, subclass: 3 },
  Set2ndSectionDecoderKey: { tokenClass: 2, subclass: 4 },
  ClearTamperCondition: { tokenClass: 2, subclass: 5 },
  SetMaximumPhasePowerUnbalanceLimit: { tokenClass: 2, subclass: 6 },
  SetWaterMeterFactor: { tokenClass: 2, subclass: 7 },
  Set3rdSectionDecoderKey: { tokenClass: 2, subclass: 8 },
  Set4thSectionDecoderKey: { tokenClass: 2, subclass: 9 },
  InitiateMeterTestOrDisplay: { tokenClass: 1, subclass: undefined },
} as const satisfies Record<TokenType, { tokenClass: number; subclass: number | undefined }>;

/** Finds the token type of a class and subclass; undefined for a combination this engine does not handle. */
export function findTokenType(tokenClass: number, subclass: number): TokenType | undefined {
  if (tokenClass === 1) return subclass === 0 || subclass === 1 ? 'InitiateMeterTestOrDisplay' : undefined;
  for (const [type, codes] of Object.entries(tokenTypeCodes)) {
    if (codes.tokenClass === tokenClass && codes.subclass === subclass) return type as TokenType;
  }
  return undefined;
}

/** Checks whether a token carries a TID, as every class 0 and class 2 token but the key change tokens does. */
export function hasTid(content: TokenContent): content is Extract<TokenContent, { tid: number }> {
  return 'tid' in content;
}

export function isCreditTokenType(type: TokenType): type is CreditTokenType {
  return tokenTypeCodes[type].tokenClass === 0;
}
