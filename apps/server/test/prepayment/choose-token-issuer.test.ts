import { expect, it } from 'vitest';
import type { TokenIssuer } from '@open-cis/sts';
import { demoCompanyCode, demoPrepaidKey } from '../../src/modules/demo/index.js';
import { chooseTokenIssuer } from '../../src/server/choose-token-issuer.js';
import { captureLogs } from '../http/test-http-app.js';
import { describeEachDatabase } from '../support/test-database.js';

const pan = '600727000000000009';

async function issueCredit(issuer: TokenIssuer): Promise<string> {
  const result = await issuer.issueToken(
    { pan, key: demoPrepaidKey },
    { type: 'TransferElectricityCredit', rnd: 1, tid: 6_000_000, amount: 100n },
  );
  return result.kind === 'issued' ? 'issued' : result.rejections.map((rejection) => rejection.code).join(',');
}

describeEachDatabase('chooseTokenIssuer', (database) => {
  it('rejects vends without keys or demo', async () => {
    const { logger, logs } = captureLogs();
    expect(await chooseTokenIssuer({}, database(), logger)).toBeUndefined();
    expect(logs.text()).toContain('prepaid vends are rejected');
  });

  it('takes the configured vending keys', async () => {
    const { logger } = captureLogs();
    const secrets = JSON.stringify({
      vendingKeys: [{ sgc: '654321', krn: 1, kt: 2, dkga: '02', keyHex: '0123456789abcdef' }],
    });
    const issuer = await chooseTokenIssuer({ STS_VENDING_KEYS: secrets }, database(), logger);
    expect(issuer?.kind).toBe('software');
    expect(await issueCredit(issuer!)).toBe('vending-key-not-found');
  });

  it('vends for the demo with its test key', async () => {
    await database()
      .db.insertInto('companies.company')
      .values({
        code: demoCompanyCode,
        name: 'Demo',
        currency: 'USD',
        currency_minor_unit: 2,
        time_zone: 'UTC',
      })
      .execute();
    const { logger, logs } = captureLogs();
    const issuer = await chooseTokenIssuer({}, database(), logger);
    expect(issuer).toBeDefined();
    expect(await issueCredit(issuer!)).toBe('issued');
    expect(logs.lines.at(-1)).toMatchObject({ level: 40, companyCode: demoCompanyCode });
  });
});
