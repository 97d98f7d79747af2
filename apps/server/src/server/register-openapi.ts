import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { HttpApp } from '../platform/http/http-app.js';
import { addProblemSchemas } from './problem-openapi.js';

/**
 * Adds the route's access rule to each operation: public routes get `security: []`, the others an
 * `x-permission` extension that names the permission an API key needs.
 */
const transform: SwaggerTransform = (document) => {
  const result = jsonSchemaTransform(document);
  const config = (document.route.config ?? {}) as { permission?: string; public?: boolean };
  const schema: Record<string, unknown> = { ...result.schema };
  if (config.public === true) schema.security = [];
  else if (config.permission) schema['x-permission'] = config.permission;
  return { ...result, schema };
};

/**
 * Registers the OpenAPI 3.1 document, generated from the routes' zod schemas, at GET /openapi.json and
 * the Swagger UI at /docs. Call before any route is declared: @fastify/swagger collects routes as they
 * are added.
 */
export async function registerOpenApi(app: HttpApp): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Open CIS API',
        version: '0.1.0',
        description:
          'Customer information and billing for electricity, gas and water utilities. Errors are RFC 9457 problem details (application/problem+json).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key token: cis_…' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    },
    transform,
    transformObject: (documentObject) => addProblemSchemas(jsonSchemaTransformObject(documentObject)),
  });

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  // The UI's own routes (HTML, assets, its copy of the document) are public; they show no company data.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    // The UI's static policy ends with upgrade-insecure-requests, which breaks the page served over plain
    // HTTP. Its assets all come from this server, so dropping the directive costs nothing over HTTPS.
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (policy) => policy.replace(/\s*upgrade-insecure-requests;?/, ''),
    });
  });
}
