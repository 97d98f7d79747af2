import type { DecoderKeyData } from '@open-cis/sts';

/**
 * A meter sold by STS token. Its identity is the IIN, the DRN and the 18-digit PAN they make with the Luhn
 * check digit. It has the key data of its current decoder key, the key a pending key change will install,
 * and the TID of the last token issued to it under the current base date.
 */
export type PrepaidMeter = {
  meterId: string;
  iin: string;
  drn: string;
  pan: string;
  key: DecoderKeyData;
  pendingKey: DecoderKeyData | null;
  lastTid: number | null;
};
