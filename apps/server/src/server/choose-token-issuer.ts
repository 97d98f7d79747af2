import type { TokenIssuer } from '@open-cis/sts';
import type { Logger } from 'pino';
import { findCompanyByCode } from '../modules/companies/index.js';
import { createDemoTokenIssuer, demoCompanyCode } from '../modules/demo/index.js';
import type { DatabaseScopes } from '../platform/db/database-scopes.js';
import { loadTokenIssuer } from '../platform/token-issuer/index.js';

/**
 * Chooses the server's STS token issuer. It is the one the STS_* variables configure (see
 * loadTokenIssuer), whose faults stop the start. Without them, a database that contains the demo utility
 * gets the demo's public test vending key, which serves the demo's meters only. Otherwise there is no
 * issuer, and vends fail with PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED.
 */
export async function chooseTokenIssuer(
  env: NodeJS.ProcessEnv,
  database: DatabaseScopes,
  logger: Logger,
): Promise<TokenIssuer | undefined> {
  if (env.STS_TOKEN_ISSUER || env.STS_VENDING_KEYS_FILE || env.STS_VENDING_KEYS) {
    const issuer = await loadTokenIssuer(env);
    logger.info({ tokenIssuer: issuer.kind }, 'STS token issuer ready');
    return issuer;
  }
  if (await findCompanyByCode(database.platform, demoCompanyCode)) {
    logger.warn(
      { companyCode: demoCompanyCode },
      'no STS vending keys configured: the demo meters vend with the public IEC test vending key',
    );
    return createDemoTokenIssuer();
  }
  logger.warn(
    'no STS vending keys configured: prepaid vends are rejected until STS_VENDING_KEYS_FILE is set',
  );
  return undefined;
}
