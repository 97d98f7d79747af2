export type {
  Meter,
  MeterInstallation,
  MeterRegister,
  MeterService,
  MeterStatus,
  RegisterKind,
} from './domain/meter.js';
export { unitsByService } from './domain/meter.js';
export * from './domain/meter-schemas.js';
export { exchangeMeter } from './app/exchange-meter.js';
export { getMeter } from './app/get-meter.js';
export { installMeter } from './app/install-meter.js';
export { listMeterInstallations } from './app/list-meter-installations.js';
export { listMeters } from './app/list-meters.js';
export { listMetersByIds } from './app/list-meters-by-ids.js';
export { registerMeter } from './app/register-meter.js';
export { registerMeters } from './app/register-meters.js';
export { removeMeter } from './app/remove-meter.js';
export { meterRoutes } from './http/meter-routes.js';
