import { describe, expect, it } from 'vitest';
import {
  buildKeyChangeContents,
  createMeterSimulator,
  deriveDecoderKey,
  issueToken,
  parseHexBytes,
  type DecoderKeyData,
  type MeterKey,
  type MeterSimulator,
  type TokenContent,
} from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

type VectorRecord = { id: string; token: string; decoderKeyHex: string };

const misty1Vectors = readVectors<VectorRecord>('misty1-dkga04.json');
const vector = (id: string) => misty1Vectors.find((record) => record.id === id)!;

const pan = '600727000000000009';
const vendingKey = parseHexBytes('abababababababab949494949494949401234567')!;

function meterKey(data: Omit<DecoderKeyData, 'dkga'>): MeterKey {
  const key = deriveDecoderKey({ vendingKey, pan, keyData: { ...data, dkga: '04' } });
  const { ea, ...keyData } = data;
  return { ...keyData, decoderKey: { ea, key } };
}

const misty1Key = meterKey({
  sgc: '123457',
  ti: 1,
  krn: 1,
  kt: 2,
  ken: 255,
  baseDate: '1993-01-01',
  ea: '11',
});
const staKey = meterKey({ sgc: '123457', ti: 1, krn: 1, kt: 2, ken: 255, baseDate: '1993-01-01', ea: '07' });

function tokenFor(key: MeterKey, content: TokenContent): string {
  const result = issueToken({ content, decoderKey: key.decoderKey });
  if (result.kind === 'rejected') throw new Error(result.rejections[0]!.message);
  return result.token;
}

function credit(tid: number, amount = 10n): TokenContent {
  return { type: 'TransferElectricityCredit', rnd: 3, tid, amount };
}

function expectRejected(meter: MeterSimulator, token: string, code: string): void {
  const response = meter.enterToken(token);
  expect(response.kind).toBe('rejected');
  if (response.kind === 'rejected') expect(response.rejection.code).toBe(code);
}

describe('meter simulator', () => {
  it('accepts a published credit token once', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    const response = meter.enterToken(vector('C01').token);
    expect(response).toMatchObject({ kind: 'accepted', effect: 'credit-added' });
    expect(meter.state.credit.TransferElectricityCredit).toBe(1n);
    expectRejected(meter, vector('C01').token, 'tid-used');
    expect(meter.state.credit.TransferElectricityCredit).toBe(1n);
  });

  it('rejects a token made for another key', () => {
    const meter = createMeterSimulator({ key: staKey });
    expectRejected(meter, vector('C01').token, 'crc-mismatch');
  });

  it('rejects a mistyped token', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    const token = vector('C01').token;
    const mistyped = token.slice(0, 5) + String((Number(token[5]) + 1) % 10) + token.slice(6);
    expectRejected(meter, mistyped, 'crc-mismatch');
    expectRejected(meter, token.slice(1), 'invalid-token-number');
  });

  it('rejects TIDs older than its memory', () => {
    const meter = createMeterSimulator({ key: misty1Key, tidMemorySize: 3 });
    for (const tid of [10, 20, 30])
      expect(meter.enterToken(tokenFor(misty1Key, credit(tid))).kind).toBe('accepted');
    expectRejected(meter, tokenFor(misty1Key, credit(5)), 'tid-too-old');
    expect(meter.enterToken(tokenFor(misty1Key, credit(15))).kind).toBe('accepted');
    expect(meter.state.usedTids).toEqual([15, 20, 30]);
    expectRejected(meter, tokenFor(misty1Key, credit(12)), 'tid-too-old');
    expect(meter.state.credit.TransferElectricityCredit).toBe(40n);
  });

  it('accepts TIDs out of order within its memory', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    expect(meter.enterToken(tokenFor(misty1Key, credit(500))).kind).toBe('accepted');
    expect(meter.enterToken(tokenFor(misty1Key, credit(400))).kind).toBe('accepted');
    expect(meter.state.usedTids).toEqual([400, 500]);
  });

  it('rejects credit under a default key but not management', () => {
    const defaultKey = { ...misty1Key, kt: 1 as const };
    const meter = createMeterSimulator({ key: defaultKey });
    expectRejected(meter, tokenFor(defaultKey, credit(100)), 'default-key-credit');
    const limit = tokenFor(defaultKey, { type: 'SetMaximumPowerLimit', rnd: 0, tid: 101, amount: 5000n });
    expect(meter.enterToken(limit)).toMatchObject({ kind: 'accepted', effect: 'limit-set' });
    expect(meter.state.maxPowerLimitWatts).toBe(5000n);
  });

  it('rejects tokens past the key expiry', () => {
    const expiring = { ...misty1Key, ken: 85 };
    const meter = createMeterSimulator({ key: expiring });
    expect(meter.enterToken(tokenFor(expiring, credit(85 * 65536 + 65535))).kind).toBe('accepted');
    expectRejected(meter, tokenFor(expiring, credit(86 * 65536)), 'key-expired');
  });

  it('applies management tokens', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    meter.enterToken(tokenFor(misty1Key, credit(1, 100n)));
    meter.enterToken(tokenFor(misty1Key, { type: 'TransferWaterCredit', rnd: 1, tid: 2, amount: 30n }));
    const clearElectricity = tokenFor(misty1Key, { type: 'ClearCredit', rnd: 1, tid: 3, register: 0 });
    expect(meter.enterToken(clearElectricity)).toMatchObject({ kind: 'accepted', effect: 'credit-cleared' });
    expect(meter.state.credit.TransferElectricityCredit).toBe(0n);
    expect(meter.state.credit.TransferWaterCredit).toBe(30n);
    meter.enterToken(tokenFor(misty1Key, { type: 'ClearCredit', rnd: 1, tid: 4, register: 0xffff }));
    expect(meter.state.credit.TransferWaterCredit).toBe(0n);
    meter.enterToken(tokenFor(misty1Key, { type: 'ClearTamperCondition', rnd: 1, tid: 5, pad: 0 }));
    expect(meter.state.tamperCleared).toBe(true);
    meter.enterToken(tokenFor(misty1Key, { type: 'SetWaterMeterFactor', rnd: 1, tid: 6, factor: 1234 }));
    expect(meter.state.waterMeterFactor).toBe(1234);
    meter.enterToken(
      tokenFor(misty1Key, { type: 'SetMaximumPhasePowerUnbalanceLimit', rnd: 1, tid: 7, amount: 800n }),
    );
    expect(meter.state.maxPhasePowerUnbalanceLimitWatts).toBe(800n);
  });

  it('accepts a test token under any key', () => {
    const meter = createMeterSimulator({ key: staKey });
    const token = readVectors<VectorRecord>('class1-test-tokens.json')[0]!.token;
    expect(meter.enterToken(token)).toMatchObject({ kind: 'accepted', effect: 'test-started' });
  });
});

describe('meter simulator key changes', () => {
  it('installs a published four-token set', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    for (const position of [1, 2, 3]) {
      expect(meter.enterToken(vector(`D10-KCT${position}`).token)).toMatchObject({
        effect: 'key-change-pending',
      });
    }
    expect(meter.enterToken(vector('D10-KCT4').token)).toMatchObject({ effect: 'key-changed' });
    expect(Buffer.from(meter.state.key.decoderKey.key).toString('hex')).toBe(
      vector('D10-CREDIT').decoderKeyHex,
    );
    expect(meter.state.key.ti).toBe(2);
    expect(meter.enterToken(vector('D10-CREDIT').token)).toMatchObject({
      kind: 'accepted',
      effect: 'credit-added',
    });
    expectRejected(meter, vector('C02').token, 'crc-mismatch');
  });

  it('takes the tokens of a set in any order', () => {
    const meter = createMeterSimulator({ key: misty1Key });
    for (const position of [4, 2, 3]) meter.enterToken(vector(`D15-KCT${position}`).token);
    expect(meter.state.key.sgc).toBe('123457');
    expect(meter.enterToken(vector('D15-KCT1').token)).toMatchObject({ effect: 'key-changed' });
    expect(meter.state.key.sgc).toBe('123461');
    expect(meter.enterToken(vector('D15-CREDIT').token).kind).toBe('accepted');
  });

  it('keeps the old key until the set is complete', () => {
    const revision2Key = meterKey({
      sgc: '123457',
      ti: 1,
      krn: 2,
      kt: 2,
      ken: 255,
      baseDate: '1993-01-01',
      ea: '11',
    });
    const meter = createMeterSimulator({ key: revision2Key });
    meter.enterToken(vector('D14-KCT1').token);
    meter.enterToken(vector('D14-KCT2').token);
    expect(meter.enterToken(tokenFor(revision2Key, credit(100))).kind).toBe('accepted');
    meter.enterToken(vector('D14-KCT3').token);
    meter.enterToken(vector('D14-KCT4').token);
    expect(meter.state.key).toMatchObject({ krn: 7, ken: 170 });
  });

  it('installs a two-token set for a 64-bit key', () => {
    const newKey = meterKey({
      sgc: '123457',
      ti: 2,
      krn: 2,
      kt: 2,
      ken: 200,
      baseDate: '1993-01-01',
      ea: '07',
    });
    const contents = buildKeyChangeContents({ ...newKey, decoderKey: newKey.decoderKey.key }, false);
    expect(contents).toHaveLength(2);
    const meter = createMeterSimulator({ key: staKey });
    for (const content of contents) meter.enterToken(tokenFor(staKey, content));
    expect(meter.state.key).toEqual(newKey);
    expect(meter.enterToken(tokenFor(newKey, credit(900))).kind).toBe('accepted');
  });

  it('rejects a third section token on a 64-bit meter', () => {
    const meter = createMeterSimulator({ key: staKey });
    const third = tokenFor(staKey, { type: 'Set3rdSectionDecoderKey', sgcLow: 1, keyPart: 2 });
    expectRejected(meter, third, 'key-change-mismatch');
  });

  it('moves to the next base date on a rollover set', () => {
    const newKey = meterKey({
      sgc: '123457',
      ti: 1,
      krn: 4,
      kt: 2,
      ken: 255,
      baseDate: '2014-01-01',
      ea: '11',
    });
    const meter = createMeterSimulator({ key: misty1Key });
    expect(meter.enterToken(tokenFor(misty1Key, credit(16_000_000))).kind).toBe('accepted');
    const contents = buildKeyChangeContents({ ...newKey, decoderKey: newKey.decoderKey.key }, true);
    for (const content of contents) meter.enterToken(tokenFor(misty1Key, content));
    expect(meter.state.key.baseDate).toBe('2014-01-01');
    expect(meter.state.usedTids).toEqual([]);
    expect(meter.enterToken(tokenFor(newKey, credit(480))).kind).toBe('accepted');
  });

  it('rejects a rollover past the last base date', () => {
    const lastKey = { ...misty1Key, baseDate: '2035-01-01' as const };
    const meter = createMeterSimulator({ key: lastKey });
    const [first] = buildKeyChangeContents({ ...lastKey, decoderKey: lastKey.decoderKey.key }, true);
    expectRejected(meter, tokenFor(lastKey, first!), 'key-change-mismatch');
  });
});
