import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (four levels above this file). */
export const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
