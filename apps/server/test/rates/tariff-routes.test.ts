import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey } from '../support/factories/api-key.js';
import { aTariffDefinition } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';

const urdbFolder = path.join(repositoryRoot, '../shared/data/tariffs/urdb');

describeEachDatabase('tariff routes', (database) => {
  it('creates a tariff and adds versions over HTTP', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['rates:read', 'rates:write']);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };

    const created = await app.inject({
      method: 'POST',
      url: '/v1/tariffs',
      headers,
      payload: { code: 'RES', name: 'Residential', service: 'electricity' },
    });
    expect(created.statusCode).toBe(201);
    const tariffId = created.json<{ id: string }>().id;

    const first = await app.inject({
      method: 'POST',
      url: `/v1/tariffs/${tariffId}/versions`,
      headers,
      payload: { definition: aTariffDefinition({ effectiveFrom: '2024-01-01' }) },
    });
    expect(first.statusCode).toBe(201);
    const second = await app.inject({
      method: 'POST',
      url: `/v1/tariffs/${tariffId}/versions`,
      headers,
      payload: { definition: aTariffDefinition({ effectiveFrom: '2024-07-01' }) },
    });
    expect(second.json<{ closedVersion: { effectiveTo: string } }>().closedVersion.effectiveTo).toBe(
      '2024-07-01',
    );

    const overlap = await app.inject({
      method: 'POST',
      url: `/v1/tariffs/${tariffId}/versions`,
      headers,
      payload: { effectiveTo: '2024-03-01', definition: aTariffDefinition({ effectiveFrom: '2024-02-01' }) },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.headers['content-type']).toContain('application/problem+json');
    expect(overlap.json<{ code: string; detail: string }>()).toMatchObject({ code: 'RATES.VERSION_OVERLAP' });
    expect(overlap.json<{ detail: string }>().detail).toContain('[2024-01-01, 2024-07-01)');

    const fetched = await app.inject({ method: 'GET', url: `/v1/tariffs/${tariffId}`, headers });
    expect(fetched.json<{ versions: unknown[] }>().versions).toHaveLength(2);
    const listed = await app.inject({ method: 'GET', url: '/v1/tariffs?limit=10', headers });
    expect(listed.json<{ items: { code: string }[] }>().items.map((tariff) => tariff.code)).toEqual(['RES']);
    await app.close();
  });

  it('names the invalid field of a definition', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['rates:write']);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };
    const created = await app.inject({
      method: 'POST',
      url: '/v1/tariffs',
      headers,
      payload: { code: 'BAD', name: 'Bad', service: 'electricity' },
    });
    const response = await app.inject({
      method: 'POST',
      url: `/v1/tariffs/${created.json<{ id: string }>().id}/versions`,
      headers,
      payload: { definition: { ...aTariffDefinition(), schemaVersion: 2 } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('definition.schemaVersion');
    await app.close();
  });

  it('imports a URDB rate and rejects a broken one', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['rates:write']);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };
    const document = readFileSync(path.join(urdbFolder, 'georgia-power-tou-gsd-10.json'), 'utf8');
    const imported = await app.inject({
      method: 'POST',
      url: '/v1/tariffs/urdb-imports',
      headers,
      payload: { document },
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json<{ tariff: { source: string } }>().tariff.source).toBe('urdb');

    const broken = readFileSync(
      path.join(urdbFolder, 'invalid/dixie-escalante-net-metering-missing-rate.json'),
      'utf8',
    );
    const rejected = await app.inject({
      method: 'POST',
      url: '/v1/tariffs/urdb-imports',
      headers,
      payload: { document: JSON.parse(broken) as unknown },
    });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json<{ code: string }>().code).toBe('RATES.URDB_NOT_RATEABLE');
    expect(rejected.json<{ errors: { path: string }[] }>().errors[0]?.path).toMatch(
      /^document\.energyratestructure/,
    );
    await app.close();
  });

  it('rejects a key without rates:write', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['rates:read']);
    const { app } = await buildTestHttpApp(database());
    const response = await app.inject({
      method: 'POST',
      url: '/v1/tariffs',
      headers: { authorization: `Bearer ${fixture.token}` },
      payload: { code: 'X', name: 'X', service: 'gas' },
    });
    expect(response.statusCode).toBe(403);
    await app.close();
  });
});
