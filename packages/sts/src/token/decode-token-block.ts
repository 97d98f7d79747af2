import { decodeAmountField } from './amount-field.js';
import { computeTokenCrc } from './crc16.js';
import { findTokenType, type TokenContent } from './token-content.js';

/** A block that passed its CRC check, read back into the token it carries. */
export type DecodedBlock = { content: TokenContent; subclass: number };

/**
 * Reads a decrypted block: checks its CRC under the class it arrived with, then splits its fields. Returns a
 * failure when the CRC does not match or the engine does not handle the class and subclass.
 */
export function decodeTokenBlock(
  tokenClass: number,
  block: bigint,
): DecodedBlock | { failure: 'crc-mismatch' | 'unsupported-token-type'; subclass: number } {
  const subclass = Number(block >> 60n);
  const crc = Number(block & 0xffffn);
  if (computeTokenCrc(tokenClass, block & ~0xffffn) !== crc) return { failure: 'crc-mismatch', subclass };
  const type = findTokenType(tokenClass, subclass);
  if (!type) return { failure: 'unsupported-token-type', subclass };
  const data = (block >> 16n) & ((1n << 44n) - 1n);
  const rnd = Number(data >> 40n);
  const tid = Number((data >> 16n) & 0xffffffn);
  const field = Number(data & 0xffffn);
  const keyPart = Number(data & 0xffffffffn);
  return { subclass, content: contentOf(type, subclass, data, { rnd, tid, field, keyPart }) };
}

function contentOf(
  type: NonNullable<ReturnType<typeof findTokenType>>,
  subclass: number,
  data: bigint,
  parts: { rnd: number; tid: number; field: number; keyPart: number },
): TokenContent {
  const { rnd, tid, field, keyPart } = parts;
  switch (type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit':
      return { type, rnd, tid, amount: decodeAmountField(field) };
    case 'ClearCredit':
      return { type, rnd, tid, register: field };
    case 'ClearTamperCondition':
      return { type, rnd, tid, pad: field };
    case 'SetWaterMeterFactor':
      return { type, rnd, tid, factor: field };
    case 'InitiateMeterTestOrDisplay': {
      const codeBits = subclass === 0 ? 8n : 16n;
      return {
        type,
        subclass: subclass === 0 ? 0 : 1,
        control: data >> codeBits,
        manufacturerCode: Number(data & ((1n << codeBits) - 1n)),
      };
    }
    case 'Set1stSectionDecoderKey': {
      const flags = Number((data >> 32n) & 0xfn);
      return {
        type,
        kenHigh: Number(data >> 40n),
        krn: Number((data >> 36n) & 0xfn),
        rollover: (flags & 8) !== 0,
        kt: (flags & 3) as 0 | 1 | 2 | 3,
        keyPart,
      };
    }
    case 'Set2ndSectionDecoderKey':
      return { type, kenLow: Number(data >> 40n), ti: Number((data >> 32n) & 0xffn), keyPart };
    case 'Set3rdSectionDecoderKey':
      return { type, sgcLow: Number(data >> 32n), keyPart };
    case 'Set4thSectionDecoderKey':
      return { type, sgcHigh: Number(data >> 32n), keyPart };
  }
}
