import type { PrepaidService } from './prepaid-service.js';

/**
 * A household's monthly entitlement to free basic units of one service, over the half-open date range
 * [startOn, endOn); endOn null means open-ended. Free basic electricity (such as 50 kWh) and free basic
 * water (such as 6 m³, South Africa's 6 kL) are the common ones. It belongs to the account, not to the
 * meter, so it ends when the customer moves out, and a vend gives the allowance of its meter's service.
 */
export type FreeBasicAllowance = {
  id: string;
  accountId: string;
  service: PrepaidService;
  /** Units per month in the service's credit unit (kWh, or m³ of water or gas), one decimal, such as "50.0". */
  unitsPerMonth: string;
  unit: 'kWh' | 'm3';
  startOn: string;
  endOn: string | null;
};
