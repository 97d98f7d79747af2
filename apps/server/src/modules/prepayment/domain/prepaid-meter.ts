import type { DecoderKeyData } from '@open-cis/sts';
import type { PrepaidService } from './prepaid-service.js';

/**
 * A meter sold by STS token. Its identity is the IIN, the DRN and the 18-digit PAN they make with the Luhn
 * check digit. Its service, the inventory meter's, decides its credit token and unit. It has the key data
 * of its current decoder key, the key a pending key change will install, and the TID of the last token
 * issued to it under the current base date.
 */
export type PrepaidMeter = {
  meterId: string;
  iin: string;
  drn: string;
  pan: string;
  service: PrepaidService;
  key: DecoderKeyData;
  pendingKey: DecoderKeyData | null;
  lastTid: number | null;
};
