import type { PrepaidService } from './prepaid-service.js';
import type { VendStatus } from './vend.js';

/**
 * A vend as a sales list shows it: what was sold, to which meter and account, by which seller and when, without
 * its receipt lines and tokens. The tokens are handed out again only by a reprint, which is counted.
 */
export type VendSummary = {
  id: string;
  meterId: string;
  pan: string;
  /** The meter's service, whose credit token and unit (kWh or m3) the vend has. */
  service: PrepaidService;
  accountId: string;
  channel: string;
  transactionReference: string;
  agentId: string | null;
  outletId: string | null;
  status: VendStatus;
  currency: string;
  tenderedMinor: bigint;
  commissionMinor: bigint;
  units: string;
  freeUnits: string;
  unit: string;
  accountingDate: string;
  issuedAt: string;
  releasedAt: string | null;
  reversedAt: string | null;
  reprintCount: number;
};
