export type {
  GeoPoint,
  Premise,
  PremiseWithServicePoints,
  ServiceKind,
  ServicePoint,
} from './domain/premise.js';
export * from './domain/premise-schemas.js';
export { createPremise } from './app/create-premise.js';
export { createPremises } from './app/create-premises.js';
export { createServicePoint } from './app/create-service-point.js';
export { createServicePoints } from './app/create-service-points.js';
export { getPremise } from './app/get-premise.js';
export { getServicePoint } from './app/get-service-point.js';
export { listPremises } from './app/list-premises.js';
export { listPremisesByIds } from './app/list-premises-by-ids.js';
export { listServicePoints } from './app/list-service-points.js';
export { listServicePointsByIds } from './app/list-service-points-by-ids.js';
export { updatePremise } from './app/update-premise.js';
export { premiseRoutes } from './http/premise-routes.js';
