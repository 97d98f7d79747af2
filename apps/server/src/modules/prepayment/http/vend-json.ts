import { z } from 'zod';
import type { VendCustomer } from '../app/load-vend-customers.js';
import type { PrepaidQuote } from '../app/quote-prepaid-vend.js';
import { prepaidServices, readVendService } from '../domain/prepaid-service.js';
import type { ReceiptLine } from '../domain/receipt-line.js';
import type { Vend } from '../domain/vend.js';
import { vendCorrectionReasonCodes } from '../domain/vend-correction.js';

const minorText = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Minor units of the currency, as a string');
const unitsText = z.string().describe('Units as a decimal string with one decimal');

const receiptLineSchema = z.object({
  kind: z.enum(['channel-fee', 'debt-recovery', 'fixed-charge', 'tax', 'levy', 'energy', 'free-units']),
  deductionRuleId: z.uuid().nullable(),
  description: z.string(),
  amountMinor: minorText,
  units: unitsText.nullable(),
  unitPrice: z.string().nullable().describe('Price per unit in major currency units, as published'),
  block: z
    .object({ number: z.number().int(), fromUnits: z.string(), toUnits: z.string().nullable() })
    .nullable()
    .describe(
      'The price block an energy line (the units of electricity, water or gas) bought in, by its range of month-to-date units',
    ),
});

const tokenSchema = z.object({
  position: z.number().int().describe('Order in which the customer enters the tokens'),
  purpose: z
    .enum(['key-change', 'credit', 'free-units'])
    .describe('key-change tokens come first, when the meter has a pending key change'),
  tokenType: z.string(),
  token: z.string().regex(/^\d{20}$/),
  tokenGroups: z.string().describe('The 20 digits in groups of four, as printed on receipts'),
  tid: z.number().int().nullable().describe('Null for key change tokens, which carry no TID'),
  baseDate: z.string(),
  units: unitsText,
});

const quoteFields = {
  meterId: z.uuid(),
  pan: z.string(),
  accountId: z.uuid(),
  accountNumber: z.string().describe('The number of the account the purchase is for'),
  customerName: z
    .string()
    .describe("The account's customer by display name only: sellers get no contact details"),
  tariffVersionId: z.uuid(),
  channel: z.string(),
  currency: z.string().length(3),
  service: z
    .enum(prepaidServices)
    .describe(
      "The meter's service, whose credit token (TransferElectricityCredit, TransferWaterCredit or TransferGasCredit) the vend carries",
    ),
  unit: z.string().describe('The unit of the units and prices: kWh for electricity, m3 for water and gas'),
  vendMonth: z.iso
    .date()
    .describe('First day of the company-local month whose purchases set the price block'),
  accountingDate: z.iso.date(),
  tenderedMinor: minorText,
  deductionsMinor: minorText,
  energyMinor: minorText,
  units: unitsText,
  freeUnits: unitsText,
  lines: z.array(receiptLineSchema),
};

export const quoteSchema = z.object(quoteFields).meta({ id: 'PrepaidQuote' });

export const vendSchema = z
  .object({
    ...quoteFields,
    id: z.uuid(),
    agreementId: z.uuid(),
    transactionReference: z.string(),
    agentId: z.uuid().nullable().describe('The vending agent that sold it, whose float paid for it'),
    outletId: z.uuid().nullable(),
    commissionMinor: z.string().describe("The agent's commission in minor units; 0 without an agent"),
    status: z.enum(['issued', 'released', 'reversed']),
    issuedAt: z.iso.datetime(),
    releasedAt: z.iso.datetime().nullable(),
    reversedAt: z.iso.datetime().nullable(),
    reversalReason: z.string().nullable(),
    correction: z
      .object({
        reasonCode: z.enum(vendCorrectionReasonCodes),
        correctedBy: z.string().describe('The id of the staff user who made the correction'),
      })
      .nullable()
      .describe(
        'Set when a back-office correction reversed the vend; reversedAt and reversalReason say when and why',
      ),
    reprintCount: z.number().int(),
    copy: z.boolean().describe('True on a reprint: the same tokens handed out again'),
    tokens: z.array(tokenSchema),
  })
  .meta({ id: 'PrepaidVend' });

function toReceiptLineJson(line: ReceiptLine) {
  return { ...line, amountMinor: line.amountMinor.toString() };
}

/** Groups a 20-digit token in fours, the way receipts print it. */
function groupDigits(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function toQuoteJson(quote: PrepaidQuote): z.input<typeof quoteSchema> {
  return {
    meterId: quote.meterId,
    pan: quote.pan,
    accountId: quote.accountId,
    accountNumber: quote.accountNumber,
    customerName: quote.customerName,
    tariffVersionId: quote.tariffVersionId,
    channel: quote.channel,
    currency: quote.currency,
    service: quote.service,
    unit: quote.unit,
    vendMonth: quote.vendMonth,
    accountingDate: quote.accountingDate,
    tenderedMinor: quote.tenderedMinor.toString(),
    deductionsMinor: quote.deductionsMinor.toString(),
    energyMinor: quote.energyMinor.toString(),
    units: quote.units,
    freeUnits: quote.freeUnits,
    lines: quote.lines.map(toReceiptLineJson),
  };
}

export function toVendJson(
  vend: Vend,
  customer: VendCustomer,
  options: { copy: boolean } = { copy: false },
): z.input<typeof vendSchema> {
  return {
    id: vend.id,
    meterId: vend.meterId,
    pan: vend.pan,
    accountId: vend.accountId,
    accountNumber: customer.accountNumber,
    customerName: customer.customerName,
    agreementId: vend.agreementId,
    tariffVersionId: vend.tariffVersionId,
    channel: vend.channel,
    transactionReference: vend.transactionReference,
    agentId: vend.agentId,
    outletId: vend.outletId,
    commissionMinor: vend.commissionMinor.toString(),
    status: vend.status,
    currency: vend.currency,
    service: readVendService(vend.tokens),
    unit: vend.unit,
    vendMonth: vend.vendMonth,
    accountingDate: vend.accountingDate,
    tenderedMinor: vend.tenderedMinor.toString(),
    deductionsMinor: vend.deductionsMinor.toString(),
    energyMinor: vend.energyMinor.toString(),
    units: vend.units,
    freeUnits: vend.freeUnits,
    issuedAt: vend.issuedAt,
    releasedAt: vend.releasedAt,
    reversedAt: vend.reversedAt,
    reversalReason: vend.reversalReason,
    correction: vend.correction,
    reprintCount: vend.reprintCount,
    copy: options.copy,
    lines: vend.lines.map(toReceiptLineJson),
    tokens: vend.tokens.map((token) => ({ ...token, tokenGroups: groupDigits(token.token) })),
  };
}
