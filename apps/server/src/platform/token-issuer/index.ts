export { loadTokenIssuer } from './load-token-issuer.js';
export { readStaTablesFile } from './read-sta-tables-file.js';
