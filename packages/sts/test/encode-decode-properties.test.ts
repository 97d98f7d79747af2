import { describe, expect, it } from 'vitest';
import {
  computeLuhnCheckDigit,
  decodeAmountField,
  decodeToken,
  decodeTokenBlock,
  decodeTokenRecord,
  encodeAmountField,
  encodeTokenBlock,
  formatHexBytes,
  issueToken,
  issueTokenRecord,
  maxAmountFieldValue,
  type EncryptionAlgorithm,
  type TokenContent,
} from '../src/index.js';
import { createSeededRandom, type SeededRandom } from './support/seeded-random.js';

const runs = 300;

/** Draws a valid token of any type, with amounts that the field carries exactly. */
function randomContent(random: SeededRandom): TokenContent {
  const rnd = random.integer(0, 15);
  const tid = random.integer(0, 0xffffff);
  const amount = decodeAmountField(random.integer(0, 0xffff));
  const type = random.pick([
    'TransferElectricityCredit',
    'TransferWaterCredit',
    'TransferGasCredit',
    'TransferTimeCredit',
    'SetMaximumPowerLimit',
    'SetMaximumPhasePowerUnbalanceLimit',
    'ClearCredit',
    'ClearTamperCondition',
    'SetWaterMeterFactor',
    'InitiateMeterTestOrDisplay',
    'Set1stSectionDecoderKey',
    'Set2ndSectionDecoderKey',
    'Set3rdSectionDecoderKey',
    'Set4thSectionDecoderKey',
  ] as const);
  const keyPart = random.integer(0, 0xffffffff);
  switch (type) {
    case 'TransferElectricityCredit':
    case 'TransferWaterCredit':
    case 'TransferGasCredit':
    case 'TransferTimeCredit':
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit':
      return { type, rnd, tid, amount };
    case 'ClearCredit':
      return { type, rnd, tid, register: random.integer(0, 0xffff) };
    case 'ClearTamperCondition':
      return { type, rnd, tid, pad: random.integer(0, 0xffff) };
    case 'SetWaterMeterFactor':
      return { type, rnd, tid, factor: random.integer(0, 0xffff) };
    case 'InitiateMeterTestOrDisplay': {
      const subclass = random.pick([0, 1] as const);
      return {
        type,
        subclass,
        control: random.bits(subclass === 0 ? 36 : 28),
        manufacturerCode: random.integer(0, subclass === 0 ? 0xff : 0xffff),
      };
    }
    case 'Set1stSectionDecoderKey':
      return {
        type,
        kenHigh: random.integer(0, 15),
        krn: random.integer(0, 15),
        rollover: random.pick([true, false]),
        kt: random.pick([0, 1, 2, 3] as const),
        keyPart,
      };
    case 'Set2ndSectionDecoderKey':
      return { type, kenLow: random.integer(0, 15), ti: random.integer(0, 255), keyPart };
    case 'Set3rdSectionDecoderKey':
      return { type, sgcLow: random.integer(0, 0xfff), keyPart };
    case 'Set4thSectionDecoderKey':
      return { type, sgcHigh: random.integer(0, 0xfff), keyPart };
  }
}

describe('encode then decode', () => {
  it('returns every token block unchanged', () => {
    const random = createSeededRandom(1);
    for (let run = 0; run < runs * 3; run++) {
      const content = randomContent(random);
      const encoded = encodeTokenBlock(content);
      if ('rejections' in encoded) expect.fail(`${content.type}: ${encoded.rejections[0]!.message}`);
      const decoded = decodeTokenBlock(encoded.tokenClass, encoded.block);
      expect(decoded).toMatchObject({ content });
    }
  });

  it('returns every token through both ciphers', () => {
    const random = createSeededRandom(2);
    for (let run = 0; run < runs; run++) {
      const content = randomContent(random);
      const ea = random.pick<EncryptionAlgorithm>(['07', '11']);
      const decoderKey = { ea, key: random.bytes(ea === '07' ? 8 : 16) };
      const issued = issueToken({ content, decoderKey });
      if (issued.kind === 'rejected') expect.fail(issued.rejections[0]!.message);
      expect(issued.token).toMatch(/^\d{20}$/);
      const decoded = decodeToken(issued.token, decoderKey);
      expect(decoded).toMatchObject({ kind: 'decoded', content, block: issued.block });
    }
  });

  it('credits at least every requested amount', () => {
    const random = createSeededRandom(3);
    for (let run = 0; run < runs * 10; run++) {
      const amount = random.bits(25) % (maxAmountFieldValue + 1n);
      const encoded = encodeAmountField(amount)!;
      expect(encoded.encodedValue >= amount).toBe(true);
      expect(decodeAmountField(encoded.field)).toBe(encoded.encodedValue);
      // Rounding up never passes the next step of the range the value falls in.
      expect(encoded.encodedValue - amount).toBeLessThan(1000n);
    }
  });
});

describe('records encode then decode', () => {
  it('return the inputs for random meters and keys', () => {
    const random = createSeededRandom(4);
    for (let run = 0; run < runs; run++) {
      const serial = String(random.integer(0, 9_999_999_999)).padStart(10, '0');
      const drn = serial + String(computeLuhnCheckDigit(serial));
      const dkga = random.pick(['02', '04'] as const);
      const ea = dkga === '02' ? '07' : random.pick(['07', '11'] as const);
      const tenths = random.integer(0, 1_000_000);
      const record = {
        id: `R${run}`,
        tokenType: random.pick([
          'TransferElectricityCredit',
          'TransferWaterCredit',
          'TransferGasCredit',
        ] as const),
        iin: '600727',
        drn,
        sgc: String(random.integer(0, 999_999)).padStart(6, '0'),
        ti: String(random.integer(0, 99)).padStart(2, '0'),
        krn: random.integer(1, 9),
        kt: random.pick([2, 3]),
        ken: 255,
        baseDate: random.pick(['1993-01-01', '2014-01-01', '2035-01-01'] as const),
        dkga,
        ea,
        vendingKeyHex: formatHexBytes(random.bytes(dkga === '02' ? 8 : 20)),
        rnd: random.integer(0, 15),
        tid: random.integer(0, 0xffffff),
        requestedValue: `${Math.floor(tenths / 10)}.${tenths % 10}`,
        unit: '',
      };
      record.unit = record.tokenType === 'TransferElectricityCredit' ? 'kWh' : 'm3';
      const issued = issueTokenRecord(record);
      if (issued.kind === 'rejected') expect.fail(`${record.id}: ${issued.rejections[0]!.message}`);
      const decoded = decodeTokenRecord({ ...record, token: issued.token });
      if (decoded.kind === 'rejected') expect.fail(`${record.id}: ${decoded.rejections[0]!.message}`);
      expect(decoded.fields).toMatchObject({
        tokenType: record.tokenType,
        rnd: record.rnd,
        tid: record.tid,
        unit: record.unit,
      });
      // The decoded value has one decimal, so dropping the point gives tenths without a float.
      const credited = BigInt(String(decoded.fields.requestedValue).replace('.', ''));
      expect(credited).toBe(encodeAmountField(BigInt(tenths))!.encodedValue);
    }
  });
});
