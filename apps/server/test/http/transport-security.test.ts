import { describe, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { readTransportSecurity, type TransportSecurity } from '../../src/server/transport-security.js';
import { describeEachDatabase } from '../support/test-database.js';
import { buildTestHttpApp } from './test-http-app.js';

type Headers = Record<string, string | string[] | number | undefined>;

function securityHeaders(headers: Headers): { hsts: unknown; upgrades: boolean } {
  const policy = String(headers['content-security-policy'] ?? '');
  return {
    hsts: headers['strict-transport-security'],
    upgrades: policy.includes('upgrade-insecure-requests'),
  };
}

describeEachDatabase('HTTPS-only headers', (database) => {
  async function withApp(transport: TransportSecurity, run: (app: HttpApp) => Promise<void>) {
    const { app } = await buildTestHttpApp(database(), { transport });
    try {
      await run(app);
    } finally {
      await app.close();
    }
  }

  it('are absent over plain HTTP', async () => {
    await withApp({}, async (app) => {
      for (const url of ['/health', '/', '/docs']) {
        const response = await app.inject({ method: 'GET', url, headers: { 'x-forwarded-proto': 'https' } });
        expect(response.statusCode, url).toBe(200);
        expect(securityHeaders(response.headers), url).toEqual({ hsts: undefined, upgrades: false });
        expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      }
    });
  });

  it('are sent for an https public URL', async () => {
    await withApp({ publicUrl: 'https://cis.example.com' }, async (app) => {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(securityHeaders(response.headers)).toEqual({
        hsts: 'max-age=31536000; includeSubDomains',
        upgrades: true,
      });
    });
  });

  it('takes the client address from the trusted proxy only', async () => {
    const { app } = await buildTestHttpApp(database(), {
      transport: { trustProxy: 'loopback' },
      extraRoutePlugins: [
        (plugin) => {
          plugin.get('/whoami', { config: { public: true } }, (request) => ({ ip: request.ip }));
        },
      ],
    });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/whoami',
        headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
      });
      expect(response.json()).toEqual({ ip: '203.0.113.9' });
    } finally {
      await app.close();
    }
  });

  it('follow x-forwarded-proto behind a proxy', async () => {
    await withApp({ trustProxy: 'loopback' }, async (app) => {
      const forwarded = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      const direct = await app.inject({ method: 'GET', url: '/health' });
      expect(securityHeaders(forwarded.headers)).toEqual({
        hsts: 'max-age=31536000; includeSubDomains',
        upgrades: true,
      });
      expect(securityHeaders(direct.headers)).toEqual({ hsts: undefined, upgrades: false });
    });
  });
});

describe('readTransportSecurity', () => {
  it('reads CIS_PUBLIC_URL and TRUST_PROXY', () => {
    expect(readTransportSecurity({})).toEqual({ publicUrl: undefined, trustProxy: false });
    expect(readTransportSecurity({ CIS_PUBLIC_URL: 'https://cis.example.com', TRUST_PROXY: 'true' })).toEqual(
      {
        publicUrl: 'https://cis.example.com',
        trustProxy: 'loopback,linklocal,uniquelocal',
      },
    );
    expect(readTransportSecurity({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(readTransportSecurity({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toBe(
      '10.0.0.1,192.168.0.0/16',
    );
  });

  it('rejects invalid values', () => {
    expect(() => readTransportSecurity({ CIS_PUBLIC_URL: 'cis.example.com' })).toThrow(/CIS_PUBLIC_URL/);
    expect(() => readTransportSecurity({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY "maybe"/);
    expect(() => readTransportSecurity({ TRUST_PROXY: '10.0.0.300' })).toThrow(/CIDR ranges/);
  });
});
