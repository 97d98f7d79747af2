export type { Account, AccountPaymentMethod, AccountStatus, BillDelivery } from './domain/account.js';
export type {
  ContactKind,
  Customer,
  CustomerContact,
  CustomerIdentification,
  CustomerKind,
  CustomerSummary,
  IdentificationScheme,
} from './domain/customer.js';
export * from './domain/account-schemas.js';
export * from './domain/customer-schemas.js';
export { createAccount } from './app/create-account.js';
export { createAccounts } from './app/create-accounts.js';
export { createCustomer } from './app/create-customer.js';
export { createCustomers } from './app/create-customers.js';
export { getAccount } from './app/get-account.js';
export { getCustomer } from './app/get-customer.js';
export { listAccounts } from './app/list-accounts.js';
export { listAccountsByIds } from './app/list-accounts-by-ids.js';
export { listCustomers } from './app/list-customers.js';
export { updateAccount } from './app/update-account.js';
export { updateCustomer } from './app/update-customer.js';
export { eraseCustomerData, type ErasureScope } from './app/erase-customer-data.js';
