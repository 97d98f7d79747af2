import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from './test-http-app.js';

type Operation = {
  security?: unknown[];
  'x-permission'?: string;
  responses?: Record<string, unknown>;
  parameters?: { in: string; name: string; required?: boolean }[];
};
type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
};

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

describeEachDatabase('OpenAPI document', (database) => {
  let app: HttpApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(async () => {
    await app.close();
  });

  it('declares OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Open CIS API');
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      'apiKeyHeader',
      'bearerAuth',
    ]);
  });

  it('describes the module routes from zod', () => {
    const getCompany = document.paths['/v1/company']?.get;
    expect(getCompany?.['x-permission']).toBe('companies:read');
    expect(getCompany?.responses?.['200']).toBeDefined();
    expect(document.components?.schemas?.Company).toBeDefined();
    expect(document.paths['/v1/api-keys']?.post?.['x-permission']).toBe('identity:write');
    expect(document.paths['/health']?.get?.security).toEqual([]);
  });

  it('marks the payment Idempotency-Key required', () => {
    const header = (path: string) =>
      document.paths[path]?.post?.parameters?.find(
        (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
      );
    expect(header('/v1/payments')?.required).toBe(true);
    expect(header('/v1/payments/{id}/reversal')?.required).toBe(false);
  });

  it('gives every operation an access rule', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => httpMethods.has(method))
        .map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(2);
    for (const { name, operation } of operations) {
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      expect(isPublic || typeof operation['x-permission'] === 'string', name).toBe(true);
    }
  });

  it('serves the docs page', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger');
  });
});
