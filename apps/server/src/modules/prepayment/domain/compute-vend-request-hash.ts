import { createHash } from 'node:crypto';

/** The fields of a vend request that a retry must repeat to get the first vend back. */
export type VendRequestFields = {
  meter: string;
  amountMinor: string;
  currency: string;
  channel: string;
  transactionReference: string;
};

/** Computes the SHA-256 (hex) of a vend request's fields, always in the same order. */
export function computeVendRequestHash(fields: VendRequestFields): string {
  const values = [
    fields.meter,
    fields.amountMinor,
    fields.currency,
    fields.channel,
    fields.transactionReference,
  ];
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}
