import type { StaCipher } from '../crypto/sta-cipher.js';
import type { DecoderKey } from '../crypto/token-cipher.js';
import { deriveDecoderKey } from '../keys/derive-decoder-key.js';
import type { DecoderKeyData } from '../keys/key-data.js';
import { issueToken, type IssuedToken } from '../issue-token.js';
import { findPanRejections } from '../meter/meter-number.js';
import { reject, type Rejection } from '../rejection.js';
import { buildKeyChangeContents } from '../token/key-change-contents.js';
import type { IssuerMeter, TokenIssuer } from './token-issuer.js';
import type { VendingKeyStore } from './vending-key-store.js';

export type SoftwareTokenIssuerOptions = {
  vendingKeys: VendingKeyStore;
  /** Licensed STA tables for EA07; the IEC sample tables when absent. */
  staCipher?: StaCipher;
};

/**
 * Creates the software token issuer: it looks up the vending key of each meter key in the store, derives
 * the decoder key in this process and issues with the engine. Keys never leave the issuer's results.
 */
export function createSoftwareTokenIssuer(options: SoftwareTokenIssuerOptions): TokenIssuer {
  const { vendingKeys, staCipher } = options;

  const findDecoderKey = (pan: string, keyData: DecoderKeyData): DecoderKey | Rejection[] => {
    const panRejections = findPanRejections(pan);
    if (panRejections.length > 0) return panRejections;
    if (keyData.dkga === '02' && keyData.ea === '11') {
      return [
        reject(
          'invalid-key-data',
          'dkga',
          keyData.dkga,
          'DKGA02 derives a 64-bit key, but EA11 needs 128 bits; use DKGA04.',
        ),
      ];
    }
    const vendingKey = vendingKeys.findVendingKey(keyData);
    if (!vendingKey) {
      return [
        reject(
          'vending-key-not-found',
          'key',
          { sgc: keyData.sgc, krn: keyData.krn, kt: keyData.kt, dkga: keyData.dkga },
          `No vending key is configured for SGC ${keyData.sgc}, KRN ${keyData.krn}, KT ${keyData.kt}, DKGA${keyData.dkga}; add it to the vending key secrets.`,
        ),
      ];
    }
    return { ea: keyData.ea, key: deriveDecoderKey({ vendingKey, pan, keyData }) };
  };

  return {
    kind: 'software',

    issueToken(meter: IssuerMeter, content) {
      if (content.type === 'InitiateMeterTestOrDisplay') return Promise.resolve(issueToken({ content }));
      const decoderKey = findDecoderKey(meter.pan, meter.key);
      if (Array.isArray(decoderKey)) return Promise.resolve({ kind: 'rejected', rejections: decoderKey });
      return Promise.resolve(
        issueToken({ content, decoderKey, keyType: meter.key.kt, keyExpiryNumber: meter.key.ken, staCipher }),
      );
    },

    issueKeyChange(meter: IssuerMeter, newKey, { rollover }) {
      const currentKey = findDecoderKey(meter.pan, meter.key);
      const installedKey = findDecoderKey(meter.pan, newKey);
      const rejections = [currentKey, installedKey].flatMap((key) => (Array.isArray(key) ? key : []));
      if (Array.isArray(currentKey) || Array.isArray(installedKey))
        return Promise.resolve({ kind: 'rejected', rejections });
      if (installedKey.key.length !== currentKey.key.length) {
        const message = `The meter's key has ${currentKey.key.length * 8} bits and the new key ${installedKey.key.length * 8}; a key change keeps the encryption algorithm, so give the new key EA${meter.key.ea}.`;
        return Promise.resolve({
          kind: 'rejected',
          rejections: [reject('key-change-mismatch', 'ea', newKey.ea, message)],
        });
      }
      const contents = buildKeyChangeContents({ ...newKey, decoderKey: installedKey.key }, rollover);
      const tokens: IssuedToken[] = [];
      for (const content of contents) {
        const result = issueToken({ content, decoderKey: currentKey, staCipher });
        if (result.kind === 'rejected') return Promise.resolve(result);
        tokens.push(result);
      }
      return Promise.resolve({ kind: 'issued', tokens });
    },
  };
}
