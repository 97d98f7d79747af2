export type { PaymentMode, ServiceAgreement } from './domain/service-agreement.js';
export * from './domain/service-agreement-schemas.js';
export { createServiceAgreement } from './app/create-service-agreement.js';
export { createServiceAgreements } from './app/create-service-agreements.js';
export { endServiceAgreement } from './app/end-service-agreement.js';
export { getServiceAgreement } from './app/get-service-agreement.js';
export { listServiceAgreements } from './app/list-service-agreements.js';
export { agreementRoutes } from './http/agreement-routes.js';
