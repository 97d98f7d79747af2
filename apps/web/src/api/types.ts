import type { z } from 'zod';
import type {
  billListItemSchema,
  billRunSchema,
  billSchema,
  billSummarySchema,
} from '../../../server/src/modules/billing/http/bill-json.js';
import type {
  customerSchema,
  customerSummarySchema,
} from '../../../server/src/modules/customers/domain/customer-schemas.js';
import type { userSchema } from '../../../server/src/modules/identity/http/user-json.js';
import type { PrincipalKind } from '../../../server/src/platform/auth/permissions.js';
import type {
  paymentListItemSchema,
  paymentSchema,
} from '../../../server/src/modules/payments/http/payment-json.js';
import type {
  tariffSchema,
  tariffWithVersionsSchema,
} from '../../../server/src/modules/rates/http/tariff-schemas.js';

// Response types come from the server's own zod schemas (type-only imports, so no server code reaches
// the bundle), which keeps the app and the API in step.

export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

export type User = z.infer<typeof userSchema>;
export type Session = {
  /** The kind of principal signed in: the utility's staff, a customer in self-service, or a vending agent. */
  kind: PrincipalKind;
  expiresAt: string;
  /** The CSRF token of the session, or null for one opened before tokens were derived from the cookie. */
  csrfToken: string | null;
  user: User;
  permissions: string[];
  company: Company;
};

export type Company = {
  id: string;
  code: string;
  name: string;
  currency: string;
  currencyMinorUnit: number;
  timeZone: string;
  locale: string;
};

export type CustomerSummary = z.infer<typeof customerSummarySchema>;
export type Customer = z.infer<typeof customerSchema>;
export type BillSummary = z.infer<typeof billSummarySchema>;
export type BillListItem = z.infer<typeof billListItemSchema>;
export type Bill = z.infer<typeof billSchema>;
export type BillRun = z.infer<typeof billRunSchema>;
export type Payment = z.infer<typeof paymentSchema>;
export type PaymentListItem = z.infer<typeof paymentListItemSchema>;
export type Tariff = z.infer<typeof tariffSchema>;
export type TariffWithVersions = z.infer<typeof tariffWithVersionsSchema>;

export type AgeingBucket = string;

/** A payment, or a prepaid vend's recovered debt, allocated to an open item. */
export type OpenItemSettlement = {
  allocationId: string;
  source: 'payment' | 'prepaid-vend';
  paymentId: string | null;
  vendId: string | null;
  settledOn: string;
  reference: string | null;
  amountMinor: string;
};

export type OpenItem = {
  billId: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  totalMinor: string;
  allocatedMinor: string;
  outstandingMinor: string;
  daysOverdue: number;
  ageingBucket: AgeingBucket;
  settlements: OpenItemSettlement[];
};

export type AccountBalance = {
  accountId: string;
  accountNumber: string;
  currency: string;
  asOf: string;
  balanceMinor: string;
  creditMinor: string;
  openItemsTotalMinor: string;
  ageing: Record<AgeingBucket, string>;
  openItems: OpenItem[];
};
