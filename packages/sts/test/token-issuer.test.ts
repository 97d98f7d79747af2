import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createHsmTokenIssuer,
  createSoftwareTokenIssuer,
  HsmNotAvailableError,
  parseVendingKeySecrets,
  type DecoderKeyData,
  type IssuerMeter,
} from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

type VectorRecord = { id: string; token: string };

const secrets = JSON.stringify({
  vendingKeys: [
    { sgc: '123456', krn: 1, kt: 2, dkga: '02', keyHex: 'abababababababab' },
    { sgc: '123457', krn: 1, kt: 2, dkga: '04', keyHex: 'abababababababab949494949494949401234567' },
    { sgc: '123461', krn: 1, kt: 2, dkga: '04', keyHex: 'abababababababab949494949494949401234567' },
  ],
});
const vendingKeys = parseVendingKeySecrets(secrets, 'test secrets');
const issuer = createSoftwareTokenIssuer({ vendingKeys });

const staMeter: IssuerMeter = {
  pan: '600727000000000009',
  key: { sgc: '123456', ti: 1, krn: 1, kt: 2, ken: 255, baseDate: '1993-01-01', dkga: '02', ea: '07' },
};
const misty1Meter: IssuerMeter = {
  pan: '600727000000000009',
  key: { sgc: '123457', ti: 1, krn: 1, kt: 2, ken: 255, baseDate: '1993-01-01', dkga: '04', ea: '11' },
};

const token = (file: string, id: string) =>
  readVectors<VectorRecord>(file).find((record) => record.id === id)!.token;

describe('software token issuer', () => {
  it('issues a published sample-table token', async () => {
    const result = await issuer.issueToken(staMeter, {
      type: 'TransferElectricityCredit',
      rnd: 5,
      tid: 5871715,
      amount: 1n,
    });
    expect(result).toMatchObject({ kind: 'issued', token: token('sample-tables-sta.json', 'S01') });
  });

  it('issues a published four-token key change set', async () => {
    const newKey: DecoderKeyData = { ...misty1Meter.key, sgc: '123461' };
    const result = await issuer.issueKeyChange(misty1Meter, newKey, { rollover: false });
    if (result.kind !== 'issued') expect.fail(result.rejections[0]!.message);
    const expected = [1, 2, 3, 4].map((position) => token('misty1-dkga04.json', `D15-KCT${position}`));
    expect(result.tokens.map((issued) => issued.token)).toEqual(expected);
  });

  it('rejects a meter key with no vending key', async () => {
    const result = await issuer.issueToken(
      { ...staMeter, key: { ...staMeter.key, krn: 2 } },
      {
        type: 'TransferElectricityCredit',
        rnd: 5,
        tid: 1,
        amount: 1n,
      },
    );
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ code: 'vending-key-not-found' }] });
  });

  it('rejects credit past the key expiry', async () => {
    const meter = { ...staMeter, key: { ...staMeter.key, ken: 85 } };
    const result = await issuer.issueToken(meter, {
      type: 'TransferElectricityCredit',
      rnd: 5,
      tid: 5916090,
      amount: 1n,
    });
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ code: 'key-expired' }] });
  });

  it('rejects a key change to another algorithm', async () => {
    const result = await issuer.issueKeyChange(
      misty1Meter,
      { ...misty1Meter.key, ea: '07' },
      { rollover: false },
    );
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ code: 'key-change-mismatch' }] });
  });
});

describe('vending key secrets', () => {
  it('show no key when logged or serialized', () => {
    expect(vendingKeys.size).toBe(3);
    expect(JSON.stringify(vendingKeys)).not.toContain('abab');
    expect(inspect(vendingKeys, { getters: true })).not.toContain('abab');
  });

  it('name the entry of a bad key without repeating it', () => {
    const bad = JSON.stringify({
      vendingKeys: [{ sgc: '123456', krn: 1, kt: 2, dkga: '02', keyHex: 'abababab' }],
    });
    expect(() => parseVendingKeySecrets(bad, 'STS_VENDING_KEYS')).toThrow(
      'STS_VENDING_KEYS: vendingKeys[0].keyHex must be 16 hex digits for DKGA02.',
    );
  });

  it('reject invalid JSON without quoting it', () => {
    expect(() => parseVendingKeySecrets('{"vendingKeys": [abababababab', 'keys.json')).toThrow(
      'keys.json is not valid JSON; give {"vendingKeys": [...]}.',
    );
  });

  it('reject a repeated key', () => {
    const entry = { sgc: '123456', krn: 1, kt: 2, dkga: '02', keyHex: 'abababababababab' };
    expect(() =>
      parseVendingKeySecrets(JSON.stringify({ vendingKeys: [entry, entry] }), 'keys.json'),
    ).toThrow('repeats the key for SGC 123456 KRN 1 KT 2 DKGA02');
  });
});

describe('HSM token issuer', () => {
  it('rejects every call with a clear error', async () => {
    const hsm = createHsmTokenIssuer({ endpoint: 'hsm.example', keySlot: '1' });
    expect(hsm.kind).toBe('hsm');
    await expect(
      hsm.issueToken(staMeter, { type: 'ClearTamperCondition', rnd: 0, tid: 1, pad: 0 }),
    ).rejects.toThrow(HsmNotAvailableError);
    await expect(hsm.issueKeyChange(staMeter, staMeter.key, { rollover: false })).rejects.toThrow(
      /no certified hardware security module adapter is built yet/,
    );
  });
});
