import type { VendStatus } from '../../../platform/db/schema.js';
import type { ReceiptLine } from './receipt-line.js';
import type { VendCorrection } from './vend-correction.js';

export type { VendStatus };

/**
 * A token of a vend, in the order the customer enters them: key change tokens first (under the old key),
 * then credit and free units.
 */
export type VendToken = {
  position: number;
  purpose: 'key-change' | 'credit' | 'free-units';
  tokenType: string;
  /** The 20 digits. */
  token: string;
  /** The token's TID; null for a key change token, which has none. */
  tid: number | null;
  /** The base date the TID counts minutes from. */
  baseDate: string;
  units: string;
};

/** A purchase with its receipt lines and tokens. */
export type Vend = {
  id: string;
  meterId: string;
  pan: string;
  accountId: string;
  agreementId: string;
  tariffVersionId: string;
  channel: string;
  transactionReference: string;
  idempotencyKey: string | null;
  agentId: string | null;
  outletId: string | null;
  /** The agent's commission on the vend in minor units, 0 for a vend the utility sold itself. */
  commissionMinor: bigint;
  status: VendStatus;
  tenderedMinor: bigint;
  deductionsMinor: bigint;
  energyMinor: bigint;
  currency: string;
  units: string;
  freeUnits: string;
  unit: string;
  vendMonth: string;
  accountingDate: string;
  issuedAt: string;
  releasedAt: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  /** The user, reason code and reason of the back-office correction that reversed the vend, or null. */
  correction: VendCorrection | null;
  reprintCount: number;
  lines: ReceiptLine[];
  tokens: VendToken[];
};

/** A vend as a use case returns it: `replayed` when a retried request found the vend it made before. */
export type VendResult = { vend: Vend; replayed: boolean };
