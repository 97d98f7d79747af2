export { listAuditEvents, auditQuerySchema, type AuditQuery } from './app/list-audit-events.js';
export { redactAuditEvent, type AuditEvent } from './domain/audit-event.js';
export { auditRoutes } from './http/audit-routes.js';
export { timelineRoutes } from './http/timeline-routes.js';
