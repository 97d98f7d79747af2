/**
 * A household's monthly entitlement to free basic electricity, over the half-open date range
 * [startOn, endOn); endOn null means open-ended. It belongs to the account, not to the meter, so it ends
 * when the customer moves out.
 */
export type FreeBasicAllowance = {
  id: string;
  accountId: string;
  /** Units per month, one decimal, such as "50.0". */
  unitsPerMonth: string;
  startOn: string;
  endOn: string | null;
};
