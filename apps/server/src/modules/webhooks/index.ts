export { createWebhookSubscription } from './app/manage-subscriptions.js';
export {
  isWebhookSignatureValid,
  signatureHeader,
  timestampHeader,
  deliveryIdHeader,
} from './domain/webhook-signature.js';
export { WebhookDispatcher, type WebhookDispatcherOptions } from './jobs/webhook-dispatcher.js';
export { webhookRoutes } from './http/webhook-routes.js';
