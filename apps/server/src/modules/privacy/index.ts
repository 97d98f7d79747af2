export { erasePersonalData } from './app/erase-personal-data.js';
export { exportPersonalData } from './app/export-personal-data.js';
export { privacyRoutes } from './http/privacy-routes.js';
