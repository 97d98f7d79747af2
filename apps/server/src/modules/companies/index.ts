export type { Company, RoundingMode } from './domain/company.js';
export { findCurrencyMinorUnit } from './domain/currencies.js';
export type { NewCompanyInput } from './domain/parse-new-company.js';
export { createCompany } from './app/create-company.js';
export { findCompanyByCode } from './app/find-company-by-code.js';
export { getCompany } from './app/get-company.js';
export { hasAnyCompany } from './app/has-any-company.js';
export {
  takeNextNumber,
  takeNextNumbers,
  type TakeNextNumberInput,
  type TakenNumber,
} from './app/take-next-number.js';
export { companyRoutes, companySchema } from './http/company-routes.js';
