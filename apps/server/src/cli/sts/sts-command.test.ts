import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cisBin = fileURLToPath(new URL('../../../bin/cis.js', import.meta.url));
const vectorDirectory = fileURLToPath(new URL('../../../../../../shared/data/sts/', import.meta.url));

type VectorRecord = Record<string, unknown> & { id: string; token?: string };

function readVectors(file: string): VectorRecord[] {
  return JSON.parse(readFileSync(join(vectorDirectory, file), 'utf8')) as VectorRecord[];
}

async function cisSts(
  args: string[],
  input: string,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn('node', [cisBin, 'sts', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stdout, stderr, code };
}

function outputLines(stdout: string): Map<string, string> {
  return new Map(
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t') as [string, string]),
  );
}

const sampleTablesFile = join(vectorDirectory, 'sample-tables.json');
const s01 = readVectors('sample-tables-sta.json').find((record) => record.id === 'S01')!;
const c01 = readVectors('misty1-dkga04.json').find((record) => record.id === 'C01')!;

describe('cis sts issue', () => {
  it('reproduces every published token', async () => {
    const records = ['sample-tables-sta.json', 'misty1-dkga04.json', 'class1-test-tokens.json'].flatMap(
      readVectors,
    );
    const result = await cisSts(['issue'], JSON.stringify(records));
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    expect(lines.size).toBe(records.length);
    for (const record of records) expect(lines.get(record.id), record.id).toBe(record.token);
  });

  it('takes a single record and the sample tables file', async () => {
    const result = await cisSts(['issue', '--tables', sampleTablesFile], JSON.stringify(s01));
    expect(result.stdout).toBe(`S01\t${s01.token}\n`);
  });

  it('uses other STA tables for EA07 only', async () => {
    const tables = readVectors('sample-tables.json').map((table) =>
      table.id === 'S1' ? { ...table, values: [...(table.values as number[])].reverse() } : table,
    );
    const folder = mkdtempSync(join(tmpdir(), 'sts-tables-'));
    writeFileSync(join(folder, 'tables.json'), JSON.stringify(tables));
    const result = await cisSts(
      ['issue', '--tables', join(folder, 'tables.json')],
      JSON.stringify([s01, c01]),
    );
    const lines = outputLines(result.stdout);
    expect(lines.get('S01')).toMatch(/^\d{20}$/);
    expect(lines.get('S01')).not.toBe(s01.token);
    expect(lines.get('C01')).toBe(c01.token);
  });

  it('ignores the expected outputs of a record', async () => {
    const altered = {
      ...s01,
      token: '00000000000000000000',
      plaintextBlockHex: '0000000000000000',
      decoderKeyHex: '0000000000000000',
    };
    const result = await cisSts(['issue'], JSON.stringify(altered));
    expect(result.stdout).toBe(`S01\t${s01.token}\n`);
  });

  it('takes the TID from issuedAtUtc when tid is absent', async () => {
    const result = await cisSts(['issue'], JSON.stringify({ ...s01, tid: null }));
    expect(result.stdout).toBe(`S01\t${s01.token}\n`);
  });

  it('prints every reason for a rejected record', async () => {
    const expired = { ...s01, id: 'old-key', kt: 1, ken: 85, tid: 5916090 };
    const result = await cisSts(['issue'], JSON.stringify([expired, s01]));
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    expect(lines.get('old-key')).toMatch(/^REJECTED: .*\[key-expired\].*\[default-key-credit\]$/);
    expect(lines.get('S01')).toBe(s01.token);
  });

  it('names the record by position when it has no id', async () => {
    const result = await cisSts(['issue'], JSON.stringify([{ ...s01, id: undefined }, 42]));
    expect(result.stdout).toBe(
      `#1\t${s01.token}\n#2\tREJECTED: Record #2 is not a JSON object; give an object such as {"id": "A01", ...}. [invalid-field]\n`,
    );
  });

  it('explains input that is not JSON', async () => {
    const result = await cisSts(['issue'], '{"id": ');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /standard input is not valid JSON .*give one record or an array of records/,
    );
  });

  it('explains a missing tables file', async () => {
    const result = await cisSts(['issue', '--tables', '/nonexistent/tables.json'], JSON.stringify(s01));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--tables: file /nonexistent/tables.json not found.');
  });

  it('explains tables that are not a permutation', async () => {
    const tables = readVectors('sample-tables.json').map((table) =>
      table.id === 'S2' ? { ...table, values: [1, 2, 3] } : table,
    );
    const folder = mkdtempSync(join(tmpdir(), 'sts-tables-'));
    writeFileSync(join(folder, 'bad.json'), JSON.stringify(tables));
    const result = await cisSts(['issue', '--tables', join(folder, 'bad.json')], JSON.stringify(s01));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('table S2 has 3 values; it needs 16');
  });
});

describe('cis sts decode', () => {
  it('decodes a token for the meter a record describes', async () => {
    const result = await cisSts(['decode'], JSON.stringify(c01));
    const [label, json] = result.stdout.trimEnd().split('\t');
    expect(label).toBe('C01');
    expect(JSON.parse(json!)).toEqual({
      tokenType: 'TransferElectricityCredit',
      class: 0,
      subclass: 0,
      rnd: 5,
      tid: 5871660,
      issuedAtUtc: '2004-03-01T13:00:00Z',
      requestedValue: '0.1',
      unit: 'kWh',
      fieldValue: 1,
      plaintextBlockHex: '0559982c00012831',
    });
  });

  it('rejects a token made for another key', async () => {
    const result = await cisSts(['decode'], JSON.stringify({ ...c01, krn: 2 }));
    expect(result.stdout).toMatch(/^C01\tREJECTED: .*fails its CRC check.*\[crc-mismatch\]\n$/);
  });
});
