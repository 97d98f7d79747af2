export type { DeductionRule, DeductionKind, DeductionMethod } from './domain/deduction-rule.js';
export type { FreeBasicAllowance } from './domain/free-basic-allowance.js';
export type { PrepaidMeter } from './domain/prepaid-meter.js';
export type { ReceiptLine } from './domain/receipt-line.js';
export type { Vend, VendResult, VendStatus, VendToken } from './domain/vend.js';
export { quoteVend, type QuoteVendInput, type VendQuote } from './domain/quote-vend.js';
export { computeVendMonth, type VendMonth } from './domain/vend-month.js';
export {
  registerPrepaidMeterBody,
  setDeductionRulesBody,
  grantFreeBasicAllowanceBody,
  type DeductionRuleInput,
  type GrantFreeBasicAllowanceInput,
  type RegisterPrepaidMeterInput,
} from './domain/prepayment-setup-schemas.js';
export { quoteVendBody, vendBody, reverseVendBody } from './domain/vend-request-schemas.js';
export { registerPrepaidMeter } from './app/register-prepaid-meter.js';
export { setDeductionRules } from './app/set-deduction-rules.js';
export { grantFreeBasicAllowance } from './app/grant-free-basic-allowance.js';
export { getPrepaidMeter } from './app/get-prepaid-meter.js';
export { quotePrepaidVend, type PrepaidQuote } from './app/quote-prepaid-vend.js';
export { vendUnits, type VendUnitsOptions, type VendUnitsRequest } from './app/vend-units.js';
export { getVend } from './app/get-vend.js';
export { reprintVend } from './app/reprint-vend.js';
export { confirmVend } from './app/confirm-vend.js';
export { reverseVend, type ReverseVendRequest } from './app/reverse-vend.js';
export { correctVend, type CorrectVendRequest } from './app/correct-vend.js';
export { vendCorrectionReasonCodes, type VendCorrectionReasonCode } from './domain/vend-correction.js';
export { prepaidSetupRoutes } from './http/prepaid-setup-routes.js';
export { keyChangeCampaignRoutes } from './http/key-change-campaign-routes.js';
export { prepaidVendRoutes } from './http/prepaid-vend-routes.js';
export { VendReceiptMailWorker } from './jobs/vend-receipt-mail-worker.js';
export { selfServicePrepaidRoutes } from './http/self-service-routes.js';
export {
  assignVendingCashier,
  createVendingAgent,
  createVendingOutlet,
  depositAgentFloat,
  getVendingAgentDetails,
  listVendingAgents,
  setCommissionRules,
  updateVendingAgent,
} from './app/manage-vending-agents.js';
export { reconcileAgentDay, type AgentReconciliation } from './app/reconcile-agent-day.js';
export type { VendingAgent, VendingCashier, VendingOutlet, CommissionRule } from './domain/vending-agent.js';
export { vendingAgentRoutes } from './http/vending-agent-routes.js';
