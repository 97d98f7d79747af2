import type { StaCipher } from '../crypto/sta-cipher.js';
import type { DecoderKey } from '../crypto/token-cipher.js';
import { nextBaseDate, type DecoderKeyData } from '../keys/key-data.js';
import { reject, type Rejection } from '../rejection.js';
import type { CreditTokenType, TokenContent } from '../token/token-content.js';
import { hasTid, isCreditTokenType } from '../token/token-content.js';
import { isKeyExpiredAt } from '../token/token-identifier.js';
import { decodeToken, type DecodedToken } from './decode-token.js';
import { applyKeyChangeToken, type PendingKeyChange } from './key-change-assembly.js';

/** The key a simulated meter keeps, with its key data. */
export type MeterKey = Pick<DecoderKeyData, 'sgc' | 'ti' | 'krn' | 'kt' | 'ken' | 'baseDate'> & {
  decoderKey: DecoderKey;
};

/** State that a simulated meter keeps between tokens. */
export type MeterState = {
  key: MeterKey;
  /** Credit per token type, in the units of its amount field (tenths of a kWh or m³). */
  credit: Record<CreditTokenType, bigint>;
  maxPowerLimitWatts: bigint | undefined;
  maxPhasePowerUnbalanceLimitWatts: bigint | undefined;
  waterMeterFactor: number | undefined;
  tamperCleared: boolean;
  /** TIDs accepted, in ascending order, at most `tidMemorySize` of them. */
  usedTids: number[];
  pendingKeyChange: PendingKeyChange;
};

export type MeterEffect =
  | 'credit-added'
  | 'credit-cleared'
  | 'limit-set'
  | 'tamper-cleared'
  | 'factor-set'
  | 'test-started'
  | 'key-change-pending'
  | 'key-changed';

export type MeterResponse =
  { kind: 'accepted'; token: DecodedToken; effect: MeterEffect } | { kind: 'rejected'; rejection: Rejection };

export type MeterSimulator = {
  /** Enters a 20-digit token as a customer would type it on the keypad. */
  enterToken(token: string): MeterResponse;
  readonly state: Readonly<MeterState>;
};

export type MeterSimulatorOptions = {
  key: MeterKey;
  /** STA tables for EA07; the IEC sample tables when absent. */
  staCipher?: StaCipher;
  /**
   * How many TIDs the meter remembers. A TID already remembered is rejected as used; once the memory is
   * full, a TID below the oldest remembered one is rejected as too old. This is the simulator's own
   * setting (default 50), not a figure taken from IEC 62055-41.
   */
  tidMemorySize?: number;
};

/**
 * Creates a simulated STS meter that applies a meter's checks to each token: the CRC under its current key,
 * the key type for credit, key expiry, used and too-old TIDs, and key change sets. A key change set takes
 * effect once all its tokens are in, and a TID rollover set also moves the base date on and clears the TID
 * memory.
 */
export function createMeterSimulator(options: MeterSimulatorOptions): MeterSimulator {
  const tidMemorySize = options.tidMemorySize ?? 50;
  const state: MeterState = {
    key: { ...options.key },
    credit: {
      TransferElectricityCredit: 0n,
      TransferWaterCredit: 0n,
      TransferGasCredit: 0n,
      TransferTimeCredit: 0n,
    },
    maxPowerLimitWatts: undefined,
    maxPhasePowerUnbalanceLimitWatts: undefined,
    waterMeterFactor: undefined,
    tamperCleared: false,
    usedTids: [],
    pendingKeyChange: {},
  };

  const enterToken = (token: string): MeterResponse => {
    const decoded = decodeToken(token, state.key.decoderKey, options.staCipher);
    if (decoded.kind === 'rejected') return decoded;
    const { content } = decoded;
    const rejection = hasTid(content) ? checkTidToken(state, content, tidMemorySize) : undefined;
    if (rejection) return { kind: 'rejected', rejection };
    if (hasTid(content)) rememberTid(state, content.tid, tidMemorySize);
    const effect = applyContent(state, content);
    if (typeof effect !== 'string') return { kind: 'rejected', rejection: effect };
    return { kind: 'accepted', token: decoded, effect };
  };

  return { enterToken, state };
}

function checkTidToken(
  state: MeterState,
  content: Extract<TokenContent, { tid: number }>,
  tidMemorySize: number,
): Rejection | undefined {
  const { key } = state;
  if (isCreditTokenType(content.type) && (key.kt === 0 || key.kt === 1)) {
    return reject(
      key.kt === 0 ? 'initialization-key-credit' : 'default-key-credit',
      'kt',
      key.kt,
      `The meter holds a key of type ${key.kt}, under which it accepts no credit.`,
    );
  }
  if (isKeyExpiredAt(content.tid, key.ken)) {
    return reject(
      'key-expired',
      'tid',
      content.tid,
      `TID ${content.tid} is past the key's expiry (KEN ${key.ken}); the meter needs a key change.`,
    );
  }
  if (state.usedTids.includes(content.tid)) {
    return reject(
      'tid-used',
      'tid',
      content.tid,
      `A token with TID ${content.tid} was already entered; each token works once.`,
    );
  }
  if (state.usedTids.length >= tidMemorySize && content.tid < state.usedTids[0]!) {
    return reject(
      'tid-too-old',
      'tid',
      content.tid,
      `TID ${content.tid} is older than every TID the meter remembers (oldest ${state.usedTids[0]}); the token is too old to accept.`,
    );
  }
  return undefined;
}

function rememberTid(state: MeterState, tid: number, tidMemorySize: number): void {
  const index = state.usedTids.findIndex((used) => used > tid);
  state.usedTids.splice(index < 0 ? state.usedTids.length : index, 0, tid);
  if (state.usedTids.length > tidMemorySize) state.usedTids.shift();
}

function applyContent(state: MeterState, content: TokenContent): MeterEffect | Rejection {
  switch (content.type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
      state.credit[content.type] += content.amount;
      return 'credit-added';
    case 'ClearCredit':
      clearCredit(state, content.register);
      return 'credit-cleared';
    case 'SetMaximumPowerLimit':
      state.maxPowerLimitWatts = content.amount;
      return 'limit-set';
    case 'SetMaximumPhasePowerUnbalanceLimit':
      state.maxPhasePowerUnbalanceLimitWatts = content.amount;
      return 'limit-set';
    case 'ClearTamperCondition':
      state.tamperCleared = true;
      return 'tamper-cleared';
    case 'SetWaterMeterFactor':
      state.waterMeterFactor = content.factor;
      return 'factor-set';
    case 'InitiateMeterTestOrDisplay':
      return 'test-started';
    case 'Set1stSectionDecoderKey':
    case 'Set2ndSectionDecoderKey':
    case 'Set3rdSectionDecoderKey':
    case 'Set4thSectionDecoderKey':
      return applyKeyChange(state, content);
  }
}

const creditRegisters: readonly CreditTokenType[] = [
  'TransferElectricityCredit',
  'TransferWaterCredit',
  'TransferGasCredit',
  'TransferTimeCredit',
];

/** Register 0xffff clears every credit register; 0 to 3 clears the register of that class 0 subclass. */
function clearCredit(state: MeterState, register: number): void {
  for (const [subclass, type] of creditRegisters.entries()) {
    if (register === 0xffff || register === subclass) state.credit[type] = 0n;
  }
}

function applyKeyChange(
  state: MeterState,
  content: Parameters<typeof applyKeyChangeToken>[1],
): MeterEffect | Rejection {
  const result = applyKeyChangeToken(state.pendingKeyChange, content, state.key);
  if (result.kind === 'rejected') return result.rejection;
  if (result.kind === 'pending') {
    state.pendingKeyChange = result.pending;
    return 'key-change-pending';
  }
  state.pendingKeyChange = {};
  if (result.rollover) {
    const baseDate = nextBaseDate(state.key.baseDate)!;
    state.key = { ...result.key, baseDate };
    state.usedTids = [];
  } else {
    state.key = result.key;
  }
  return 'key-changed';
}
