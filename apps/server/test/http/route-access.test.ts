import { expect, it } from 'vitest';
import type { RoutePlugin } from '../../src/platform/http/http-app.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from './test-http-app.js';

describeEachDatabase('route access settings', (database) => {
  it('rejects a route without permission or public', async () => {
    const unguarded: RoutePlugin = (app) => {
      app.get('/test/unguarded', () => ({ open: true }));
    };
    await expect(buildTestHttpApp(database(), { extraRoutePlugins: [unguarded] })).rejects.toThrow(
      /GET \/test\/unguarded: declares neither config.permission nor config.public/,
    );
  });

  it('rejects an unknown permission', async () => {
    const misspelt: RoutePlugin = (app) => {
      app.get('/test/misspelt', { config: { permission: 'customer:read' } }, () => ({}));
    };
    await expect(buildTestHttpApp(database(), { extraRoutePlugins: [misspelt] })).rejects.toThrow(
      /unknown permission "customer:read"/,
    );
  });

  it('accepts every module route as registered', async () => {
    // buildHttpApp calls ready(), which runs the check over every route in route-plugins.ts.
    const { app } = await buildTestHttpApp(database());
    try {
      const routes = app.printRoutes({ commonPrefix: false });
      expect(routes).toContain('v1/company (GET, HEAD)');
      expect(routes).toContain('health (GET, HEAD)');
    } finally {
      await app.close();
    }
  });
});
