/**
 * Why a back-office correction undoes a vend: the meter was wrong, the sale was made twice, the customer
 * never got the token, the utility refunds the customer, or another reason that the reason text explains.
 */
export const vendCorrectionReasonCodes = [
  'wrong-meter',
  'duplicate-sale',
  'token-not-delivered',
  'customer-refund',
  'other',
] as const;

export type VendCorrectionReasonCode = (typeof vendCorrectionReasonCodes)[number];

/**
 * The record that a vend was reversed by a back-office correction. When it happened and the reason text
 * are the vend's reversedAt and reversalReason.
 */
export type VendCorrection = {
  reasonCode: VendCorrectionReasonCode;
  /** The id of the staff user who made the correction. */
  correctedBy: string;
};
