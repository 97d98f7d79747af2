// STS token engine benchmark: issues tokens in this one Node process (one core, no database, no I/O)
// and prints tokens per second for each scenario, then as its last line one JSON object.
//
//   npm run bench:sts                      (default 200,000 tokens per scenario after 20,000 warm-up ones)
//   npm run bench:sts -- --tokens 50000
//
// Scenarios: a credit token from the vending key, as the vending system issues it (decoder key derivation,
// block, CRC, encryption, 20 digits). This runs for DKGA02 with EA07 (STA, IEC sample tables) and for DKGA04
// with EA11 (MISTY1). Then the same with the decoder key already derived, and decoding a token back.
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  createSoftwareTokenIssuer,
  decodeToken,
  deriveDecoderKey,
  getSampleStaCipher,
  issueToken,
  parseHexBytes,
  parseVendingKeySecrets,
  type DecoderKey,
  type DecoderKeyData,
  type IssueTokenResult,
} from '../packages/sts/src/index.js';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '200000' },
    warmup: { type: 'string', default: '20000' },
  },
});
const tokenCount = Number(values.tokens);
const warmupCount = Number(values.warmup);
for (const [name, value] of [
  ['--tokens', tokenCount],
  ['--warmup', warmupCount],
] as const) {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`Invalid ${name} "${String(value)}": use a whole number of 1 or more.`);
}

const pan = '600727000000000009';
const dkga02Key: DecoderKeyData = {
  sgc: '123456',
  ti: 1,
  krn: 1,
  kt: 2,
  ken: 255,
  baseDate: '1993-01-01',
  dkga: '02',
  ea: '07',
};
const dkga04Key: DecoderKeyData = { ...dkga02Key, sgc: '123457', dkga: '04', ea: '11' };
const vendingKeyHex = { '02': 'abababababababab', '04': 'abababababababab949494949494949401234567' };

/** Builds a different credit token each time: the TID and the amount change with the counter. */
function creditContent(index: number): {
  type: 'TransferElectricityCredit';
  rnd: number;
  tid: number;
  amount: bigint;
} {
  return {
    type: 'TransferElectricityCredit',
    rnd: index & 0xf,
    tid: 5_000_000 + index,
    amount: BigInt(index % 180_000),
  };
}

function issuedToken(result: IssueTokenResult): string {
  if (result.kind === 'rejected') throw new Error(result.rejections[0]!.message);
  return result.token;
}

function derivedKey(keyData: DecoderKeyData): DecoderKey {
  const vendingKey = parseHexBytes(vendingKeyHex[keyData.dkga])!;
  return { ea: keyData.ea, key: deriveDecoderKey({ vendingKey, pan, keyData }) };
}

type Scenario = { name: string; run: (index: number) => unknown };

const staKey = derivedKey(dkga02Key);
const misty1Key = derivedKey(dkga04Key);
const staCipher = getSampleStaCipher();
const staTokens = Array.from({ length: 1024 }, (_, index) =>
  issuedToken(issueToken({ content: creditContent(index), decoderKey: staKey, staCipher })),
);

/** Issues from the vending key with no key cache, as the vending system does for each purchase. */
function fromVendingKey(keyData: DecoderKeyData, index: number): string {
  const vendingKey = parseHexBytes(vendingKeyHex[keyData.dkga])!;
  const decoderKey = { ea: keyData.ea, key: deriveDecoderKey({ vendingKey, pan, keyData }) };
  return issuedToken(
    issueToken({ content: creditContent(index), decoderKey, keyType: 2, keyExpiryNumber: 255 }),
  );
}

const scenarios: Scenario[] = [
  { name: 'DKGA02 + EA07 from vending key', run: (index) => fromVendingKey(dkga02Key, index) },
  { name: 'DKGA04 + EA11 from vending key', run: (index) => fromVendingKey(dkga04Key, index) },
  {
    name: 'EA07, decoder key derived',
    run: (index) => issuedToken(issueToken({ content: creditContent(index), decoderKey: staKey, staCipher })),
  },
  {
    name: 'EA11, decoder key derived',
    run: (index) => issuedToken(issueToken({ content: creditContent(index), decoderKey: misty1Key })),
  },
  { name: 'EA07 decode', run: (index) => decodeToken(staTokens[index & 1023]!, staKey, staCipher) },
];

const results: Record<string, number> = {};
console.log(`STS engine, ${tokenCount} tokens per scenario after ${warmupCount} warm-up, one Node process`);
for (const scenario of scenarios) {
  for (let index = 0; index < warmupCount; index++) scenario.run(index);
  const startedNs = process.hrtime.bigint();
  for (let index = 0; index < tokenCount; index++) scenario.run(index);
  const elapsedNs = Number(process.hrtime.bigint() - startedNs);
  const perSecond = Math.round(tokenCount / (elapsedNs / 1e9));
  results[scenario.name] = perSecond;
  console.log(
    `${scenario.name.padEnd(34)} ${String(perSecond).padStart(9)} tokens/s  ${(elapsedNs / tokenCount / 1000).toFixed(2)} µs/token`,
  );
}

// Times the software issuer path (async, with the vending key lookup) to compare with the direct calls.
const issuer = createSoftwareTokenIssuer({
  vendingKeys: parseVendingKeySecrets(
    JSON.stringify({
      vendingKeys: [{ sgc: '123456', krn: 1, kt: 2, dkga: '02', keyHex: vendingKeyHex['02'] }],
    }),
    'benchmark keys',
  ),
});
const meter = { pan, key: dkga02Key };
for (let index = 0; index < warmupCount; index++) await issuer.issueToken(meter, creditContent(index));
const issuerStartedNs = process.hrtime.bigint();
for (let index = 0; index < tokenCount; index++) await issuer.issueToken(meter, creditContent(index));
const issuerElapsedNs = Number(process.hrtime.bigint() - issuerStartedNs);
results['software issuer, DKGA02 + EA07'] = Math.round(tokenCount / (issuerElapsedNs / 1e9));
console.log(
  `${'software issuer, DKGA02 + EA07'.padEnd(34)} ${String(results['software issuer, DKGA02 + EA07']).padStart(9)} tokens/s`,
);

console.log(
  JSON.stringify({
    tokens: tokenCount,
    node: process.version,
    cpu: os.cpus()[0]?.model,
    tokens_per_second: results,
  }),
);
