import {
  createSoftwareTokenIssuer,
  parseVendingKeySecrets,
  type DecoderKeyData,
  type TokenIssuer,
} from '@open-cis/sts';

/**
 * Key data of the demo's prepaid meters: the IEC 62055-41 test key data of the STS compliance vectors
 * (SGC 123456, KRN 1, unique key, DKGA02, EA07 with the IEC sample tables). It uses base date 2014, because
 * TIDs counted from 1993 passed the 24-bit range in 2024.
 */
export const demoPrepaidKey: DecoderKeyData = {
  sgc: '123456',
  ti: 1,
  krn: 1,
  kt: 2,
  ken: 255,
  baseDate: '2014-01-01',
  dkga: '02',
  ea: '07',
};

/**
 * The demo's vending key: the public 64-bit test vending key of the IEC 62055-41 vectors. It is printed in
 * the standard's test data, so it protects nothing and belongs to no utility. Real vending keys come from
 * STS_VENDING_KEYS_FILE and are never committed.
 */
export const demoVendingKeySecrets = JSON.stringify({
  vendingKeys: [
    {
      sgc: demoPrepaidKey.sgc,
      krn: demoPrepaidKey.krn,
      kt: demoPrepaidKey.kt,
      dkga: demoPrepaidKey.dkga,
      keyHex: 'abababababababab',
    },
  ],
});

/** Creates a software token issuer that vends for the demo's prepaid meters only. */
export function createDemoTokenIssuer(): TokenIssuer {
  return createSoftwareTokenIssuer({
    vendingKeys: parseVendingKeySecrets(demoVendingKeySecrets, 'the demo vending key'),
  });
}
