export type AccountStatus = 'active' | 'closed';
export type BillDelivery = 'email' | 'post' | 'portal';
export type AccountPaymentMethod = 'cash' | 'transfer' | 'direct-debit' | 'card';

/** The billing and financial entity of a customer: bills, payments and the ledger hang off it. */
export type Account = {
  id: string;
  accountNumber: string;
  customerId: string;
  customerName: string;
  billCycleId: string;
  status: AccountStatus;
  billDelivery: BillDelivery;
  billDeliveryEmail: string | null;
  paymentMethod: AccountPaymentMethod;
  paymentTermsDays: number;
  createdAt: string;
};

const ACCOUNT_NUMBER_DIGITS = 9;

/**
 * Formats a generated account number: the sequence value padded to nine digits plus a Luhn check digit,
 * so that a mistyped digit or a swap of two neighbouring digits is caught when the number is keyed in.
 */
export function computeGeneratedAccountNumber(sequenceValue: bigint): string {
  const body = sequenceValue.toString().padStart(ACCOUNT_NUMBER_DIGITS, '0');
  return body + computeLuhnCheckDigit(body);
}

export function computeLuhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    // Doubling starts at the rightmost digit of the body, because the check digit goes after it.
    const digit = Number(digits[digits.length - 1 - index]);
    const weighted = index % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return String((10 - (sum % 10)) % 10);
}
