import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenIssuer } from '../../src/platform/token-issuer/index.js';

const secrets = JSON.stringify({
  vendingKeys: [{ sgc: '123456', krn: 1, kt: 2, dkga: '02', keyHex: 'abababababababab' }],
});
const meter = {
  pan: '600727000000000009',
  key: {
    sgc: '123456',
    ti: 1,
    krn: 1,
    kt: 2 as const,
    ken: 255,
    baseDate: '1993-01-01' as const,
    dkga: '02' as const,
    ea: '07' as const,
  },
};
const credit = { type: 'TransferElectricityCredit' as const, rnd: 5, tid: 5871715, amount: 1n };

function writeTemporaryFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sts-issuer-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadTokenIssuer', () => {
  it('reads vending keys from the environment', async () => {
    const issuer = await loadTokenIssuer({ STS_VENDING_KEYS: secrets });
    expect(issuer.kind).toBe('software');
    await expect(issuer.issueToken(meter, credit)).resolves.toMatchObject({ token: '67540125520408448957' });
  });

  it('reads vending keys from a secrets file', async () => {
    const issuer = await loadTokenIssuer({
      STS_TOKEN_ISSUER: 'software',
      STS_VENDING_KEYS_FILE: writeTemporaryFile('keys.json', secrets),
    });
    await expect(issuer.issueToken(meter, credit)).resolves.toMatchObject({ kind: 'issued' });
  });

  it('loads STA tables from a file', async () => {
    const tables = [
      { id: 'S1', values: [6, 9, 7, 4, 3, 10, 12, 14, 2, 13, 1, 15, 0, 11, 8, 5] },
      { id: 'S2', values: [12, 10, 8, 4, 3, 15, 0, 2, 14, 1, 5, 13, 6, 9, 7, 11] },
      { id: 'P', values: Array.from({ length: 64 }, (_, index) => 63 - index) },
    ];
    const issuer = await loadTokenIssuer({
      STS_VENDING_KEYS: secrets,
      STS_TABLES_FILE: writeTemporaryFile('tables.json', JSON.stringify(tables)),
    });
    const result = await issuer.issueToken(meter, credit);
    expect(result.kind).toBe('issued');
    if (result.kind === 'issued') expect(result.token).not.toBe('67540125520408448957');
  });

  it('explains missing vending keys', async () => {
    await expect(loadTokenIssuer({})).rejects.toThrow(/set STS_VENDING_KEYS_FILE to a JSON secrets file/);
  });

  it('explains a missing secrets file', async () => {
    await expect(loadTokenIssuer({ STS_VENDING_KEYS_FILE: '/nonexistent/keys.json' })).rejects.toThrow(
      'STS_VENDING_KEYS_FILE: file /nonexistent/keys.json not found.',
    );
  });

  it('selects the HSM placeholder', async () => {
    const issuer = await loadTokenIssuer({
      STS_TOKEN_ISSUER: 'hsm',
      STS_HSM_ENDPOINT: 'hsm.local',
      STS_HSM_KEY_SLOT: '3',
    });
    expect(issuer.kind).toBe('hsm');
    await expect(issuer.issueToken(meter, credit)).rejects.toThrow(/hsm.local slot 3/);
  });

  it('rejects an unknown issuer kind', async () => {
    await expect(loadTokenIssuer({ STS_TOKEN_ISSUER: 'cloud' })).rejects.toThrow(
      'Invalid STS_TOKEN_ISSUER "cloud": set it to software or hsm.',
    );
  });
});
