export {
  demoCompanyCode,
  seedDemoUtility,
  type SeedDemoUtilityOptions,
  type SeedDemoUtilityResult,
} from './seed-demo-utility.js';
export { demoEdgeCases, planDemoUtility, type DemoPlan } from './plan-demo-utility.js';
export { jacksonEmcTariffDefinition } from './jackson-emc-tariff.js';
export { createDemoTokenIssuer, demoPrepaidKey, demoVendingKeySecrets } from './demo-vending-key.js';
export { demoPrepaidTariffCode, type SeededPrepayment } from './seed-demo-prepayment.js';
export { demoPrepaidWaterTariffCode } from './seed-demo-prepaid-water.js';
export { demoVendingAgent, type SeededVendingAgent } from './seed-demo-vending-agent.js';
