export type Agreement = {
  id: string;
  accountId: string;
  servicePointId: string;
  tariffId: string;
  paymentMode: 'postpaid' | 'prepaid';
  startOn: string;
  endOn: string | null;
};

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

export type AccountWithAgreements = Account & { agreements: Agreement[] };

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
