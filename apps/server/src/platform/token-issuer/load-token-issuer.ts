import { readFile } from 'node:fs/promises';
import {
  createHsmTokenIssuer,
  createSoftwareTokenIssuer,
  parseVendingKeySecrets,
  type TokenIssuer,
  type VendingKeyStore,
} from '@open-cis/sts';
import { readStaTablesFile } from './read-sta-tables-file.js';

/**
 * Builds the STS token issuer that the environment selects. STS_TOKEN_ISSUER is `software` (the default)
 * or `hsm`. The software issuer reads its vending keys from the JSON file named by STS_VENDING_KEYS_FILE,
 * or from the JSON in STS_VENDING_KEYS, and licensed STA tables from STS_TABLES_FILE (the IEC sample tables
 * without it). The HSM placeholder takes STS_HSM_ENDPOINT and STS_HSM_KEY_SLOT. Keys are never logged.
 */
export async function loadTokenIssuer(env: NodeJS.ProcessEnv = process.env): Promise<TokenIssuer> {
  const kind = env.STS_TOKEN_ISSUER ?? 'software';
  switch (kind) {
    case 'software': {
      const vendingKeys = await loadVendingKeys(env);
      const staCipher = env.STS_TABLES_FILE
        ? await readStaTablesFile(env.STS_TABLES_FILE, 'STS_TABLES_FILE')
        : undefined;
      return createSoftwareTokenIssuer({ vendingKeys, staCipher });
    }
    case 'hsm': {
      const endpoint = env.STS_HSM_ENDPOINT;
      const keySlot = env.STS_HSM_KEY_SLOT;
      if (!endpoint || !keySlot) {
        throw new Error('STS_TOKEN_ISSUER=hsm needs STS_HSM_ENDPOINT and STS_HSM_KEY_SLOT; set both.');
      }
      return createHsmTokenIssuer({ endpoint, keySlot });
    }
    default:
      throw new Error(`Invalid STS_TOKEN_ISSUER "${kind}": set it to software or hsm.`);
  }
}

async function loadVendingKeys(env: NodeJS.ProcessEnv): Promise<VendingKeyStore> {
  const path = env.STS_VENDING_KEYS_FILE;
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
      throw new Error(`STS_VENDING_KEYS_FILE: file ${path} ${reason}.`, { cause: error });
    }
    return parseVendingKeySecrets(text, `STS_VENDING_KEYS_FILE ${path}`);
  }
  if (env.STS_VENDING_KEYS) return parseVendingKeySecrets(env.STS_VENDING_KEYS, 'STS_VENDING_KEYS');
  throw new Error(
    'No STS vending keys are configured: set STS_VENDING_KEYS_FILE to a JSON secrets file ({"vendingKeys": [{"sgc", "krn", "kt", "dkga", "keyHex"}]}), or STS_VENDING_KEYS to that JSON.',
  );
}
