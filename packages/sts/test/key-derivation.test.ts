import { describe, expect, it } from 'vitest';
import {
  computeLuhnCheckDigit,
  computeMeterPan,
  deriveDecoderKey,
  findPanRejections,
  formatHexBytes,
  parseHexBytes,
  type BaseDate,
  type EncryptionAlgorithm,
  type KeyDerivationAlgorithm,
  type KeyType,
} from '../src/index.js';
import { readVectors } from './support/sts-vectors.js';

type DecoderKeyVector = {
  id: string;
  kind: 'decoder-key';
  dkga: KeyDerivationAlgorithm;
  iin: string;
  drn: string;
  pan: string;
  sgc: string;
  ti: string;
  krn: number;
  kt: KeyType;
  baseDate?: BaseDate;
  ea?: EncryptionAlgorithm;
  vendingKeyHex: string;
  decoderKeyHex: string;
};

type CheckDigitVector = { id: string; kind: string; digits: string; checkDigit: number; full: string };

const vectors = readVectors<DecoderKeyVector | CheckDigitVector>('decoder-keys.json');
const keyVectors = vectors.filter((v): v is DecoderKeyVector => v.kind === 'decoder-key');
const checkDigitVectors = vectors.filter((v): v is CheckDigitVector => v.kind !== 'decoder-key');

describe('deriveDecoderKey', () => {
  it.each(keyVectors.map((v) => [v.id, v.dkga, v] as const))(
    '%s (DKGA%s) derives its decoder key',
    (_id, _dkga, vector) => {
      const key = deriveDecoderKey({
        vendingKey: parseHexBytes(vector.vendingKeyHex)!,
        pan: vector.pan,
        keyData: {
          sgc: vector.sgc,
          ti: Number(vector.ti),
          krn: vector.krn,
          kt: vector.kt,
          baseDate: vector.baseDate ?? '1993-01-01',
          dkga: vector.dkga,
          ea: vector.ea ?? '07',
        },
      });
      expect(formatHexBytes(key)).toBe(vector.decoderKeyHex);
    },
  );

  it('builds the PAN of each vector meter from IIN and DRN', () => {
    for (const vector of keyVectors)
      expect(computeMeterPan(vector.iin, vector.drn)).toEqual({ pan: vector.pan });
  });
});

describe('Luhn check digits', () => {
  it.each(checkDigitVectors.map((v) => [v.id, v] as const))('%s has its check digit', (_id, vector) => {
    expect(computeLuhnCheckDigit(vector.digits)).toBe(vector.checkDigit);
    expect(vector.digits + String(vector.checkDigit)).toBe(vector.full);
  });

  it('rejects a DRN with a wrong check digit', () => {
    const result = computeMeterPan('600727', '00000000001');
    expect(result).toMatchObject({ rejections: [{ code: 'invalid-check-digit', field: 'drn' }] });
  });

  it('rejects a PAN with a wrong check digit', () => {
    expect(findPanRejections('600727000000000008')).toMatchObject([
      { code: 'invalid-check-digit', field: 'pan' },
    ]);
  });

  it('rejects a PAN of the wrong length', () => {
    expect(findPanRejections('1234567890411111111113')).toMatchObject([{ code: 'invalid-meter-number' }]);
  });

  it('rejects a DRN whose length does not suit the IIN', () => {
    expect(computeMeterPan('0000', '00000000000')).toMatchObject({
      rejections: [{ code: 'invalid-meter-number', field: 'drn' }],
    });
  });
});
