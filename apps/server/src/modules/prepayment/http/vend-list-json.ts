import { z } from 'zod';
import { csvDecimal, csvMoney, type CsvColumn } from '../../../platform/http/csv.js';
import type { ListedVend } from '../app/list-vends.js';
import { prepaidServices } from '../domain/prepaid-service.js';

const minorText = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Minor units of the currency, as a string');

export const vendListItemSchema = z
  .object({
    id: z.uuid(),
    meterId: z.uuid(),
    pan: z.string(),
    service: z.enum(prepaidServices).describe("The meter's service: electricity, gas or water"),
    accountId: z.uuid(),
    accountNumber: z.string(),
    customerName: z.string().describe('The display name only: sellers get no contact details'),
    channel: z.string(),
    transactionReference: z.string(),
    agentId: z.uuid().nullable(),
    outletId: z.uuid().nullable(),
    status: z.enum(['issued', 'released', 'reversed']),
    currency: z.string().length(3),
    tenderedMinor: minorText,
    commissionMinor: minorText,
    units: z.string(),
    freeUnits: z.string(),
    unit: z.string(),
    accountingDate: z.iso.date(),
    issuedAt: z.iso.datetime(),
    releasedAt: z.iso.datetime().nullable(),
    reversedAt: z.iso.datetime().nullable(),
    reprintCount: z.number().int(),
  })
  .meta({ id: 'PrepaidVendListItem' });

export function toVendListItemJson(vend: ListedVend): z.input<typeof vendListItemSchema> {
  return {
    ...vend,
    tenderedMinor: vend.tenderedMinor.toString(),
    commissionMinor: vend.commissionMinor.toString(),
  };
}

export const vendCsvColumns: CsvColumn<ListedVend>[] = [
  { header: 'id', value: (vend) => vend.id },
  { header: 'issuedAt', value: (vend) => vend.issuedAt },
  { header: 'accountingDate', value: (vend) => vend.accountingDate },
  { header: 'pan', value: (vend) => vend.pan },
  { header: 'service', value: (vend) => vend.service },
  { header: 'accountNumber', value: (vend) => vend.accountNumber },
  { header: 'customerName', value: (vend) => vend.customerName },
  { header: 'channel', value: (vend) => vend.channel },
  { header: 'transactionReference', value: (vend) => vend.transactionReference },
  { header: 'agentId', value: (vend) => vend.agentId },
  { header: 'outletId', value: (vend) => vend.outletId },
  { header: 'status', value: (vend) => vend.status },
  { header: 'currency', value: (vend) => vend.currency },
  { header: 'tendered', value: (vend) => csvMoney(vend.tenderedMinor) },
  { header: 'commission', value: (vend) => csvMoney(vend.commissionMinor) },
  { header: 'units', value: (vend) => csvDecimal(vend.units) },
  { header: 'freeUnits', value: (vend) => csvDecimal(vend.freeUnits) },
  { header: 'unit', value: (vend) => vend.unit },
  { header: 'releasedAt', value: (vend) => vend.releasedAt },
  { header: 'reversedAt', value: (vend) => vend.reversedAt },
  { header: 'reprintCount', value: (vend) => vend.reprintCount },
];
