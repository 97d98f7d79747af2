export type {
  Payment,
  PaymentAllocation,
  PaymentMethod,
  PaymentRequest,
  PaymentResult,
  PaymentStatus,
} from './domain/payment.js';
export { paymentMethods } from './domain/payment.js';
export { parseDecimalAmount } from './domain/parse-decimal-amount.js';
export { formatMinorAmount } from './domain/format-minor-amount.js';
export { postPayment, type PostPaymentOptions } from './app/post-payment.js';
export { reversePayment, type ReversalRequest } from './app/reverse-payment.js';
export { getPayment } from './app/get-payment.js';
export { allocateAccountCredit } from './app/allocate-account-credit.js';
export {
  allocateCreditForAccounts,
  findAccountsWithCredit,
  type CreditAllocation,
} from './app/allocate-credit-for-accounts.js';
export {
  allocateRecoveredDebt,
  releaseRecoveredDebt,
  type RecoveredDebt,
} from './app/allocate-recovered-debt.js';
export type { AllocationRecord } from './db/allocation-store.js';
export { paymentRoutes } from './http/payment-routes.js';
