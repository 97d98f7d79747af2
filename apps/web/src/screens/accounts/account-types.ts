import type { z } from 'zod';
import type { agreementDetailsSchema } from '../../../../server/src/modules/agreements/domain/agreement-details-schemas.js';

/** A service agreement with its service point, premise, meters and tariff, as GET /v1/accounts/:id returns it. */
export type Agreement = z.infer<typeof agreementDetailsSchema>;

export type Account = {
  id: string;
  accountNumber: string;
  customerId: string;
  customerName: string;
  billCycleId: string;
  status: 'active' | 'closed';
  billDelivery: string;
  paymentMethod: string;
  paymentTermsDays: number;
  createdAt: string;
};

/** An account as GET /v1/accounts/:id returns it; `agreements` is null without agreements:read. */
export type AccountWithAgreements = Account & { agreements: Agreement[] | null };

export type StatementEntry = {
  postingId: string;
  kind: string;
  sourceId: string;
  accountingDate: string;
  description: string;
  amountMinor: string;
  runningBalanceMinor: string;
};

export type Statement = {
  accountId: string;
  currency: string;
  openingBalanceMinor: string;
  closingBalanceMinor: string;
  entries: StatementEntry[];
};
