export type { ApiKeyPrincipal, ApiKeySummary } from './domain/api-key.js';
export { authenticateApiKey } from './app/authenticate-api-key.js';
export { createApiKey, type CreateApiKeyInput, type CreatedApiKey } from './app/create-api-key.js';
export { listApiKeys } from './app/list-api-keys.js';
export { revokeApiKey } from './app/revoke-api-key.js';
export { apiKeyRoutes } from './http/api-key-routes.js';
