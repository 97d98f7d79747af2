import type { Command } from 'commander';
import {
  decodeTokenRecord,
  issueTokenRecord,
  type Rejection,
  type StaCipher,
  type TokenRecord,
} from '@open-cis/sts';
import { formatStsLine, recordLabel } from '../sts/format-sts-line.js';
import { loadStaTables, parseStsRecords, readStandardInput } from '../sts/read-sts-input.js';

type StsOptions = { tables?: string };

const recordFormat =
  'Reads one JSON record or an array of records from standard input, in the format of the STS vector files';

export function registerStsCommand(program: Command): void {
  const sts = program
    .command('sts')
    .description('STS prepayment tokens (IEC 62055-41), with no database: each record stands alone');

  sts
    .command('issue')
    .description(
      `${recordFormat}, and prints for each "id<TAB>token" (20 digits) or "id<TAB>REJECTED: reasons". ` +
        "The TID is the record's tid, else the minutes from the base date to issuedAtUtc; the clock is never read.",
    )
    .option(
      '--tables <file>',
      'STA substitution and permutation tables for EA07 (default: the IEC sample tables)',
    )
    .action(async (options: StsOptions) => {
      await runStsCommand(options, (record, staCipher) => {
        const result = issueTokenRecord(record, staCipher);
        return result.kind === 'issued' ? result.token : result.rejections;
      });
    });

  sts
    .command('decode')
    .description(
      `${recordFormat}, each with a "token" and the meter that it is for, and prints for each ` +
        '"id<TAB>" and the decoded fields as JSON, or "id<TAB>REJECTED: reasons".',
    )
    .option(
      '--tables <file>',
      'STA substitution and permutation tables for EA07 (default: the IEC sample tables)',
    )
    .action(async (options: StsOptions) => {
      await runStsCommand(options, (record, staCipher) => {
        const result = decodeTokenRecord(record, staCipher);
        return result.kind === 'decoded' ? JSON.stringify(result.fields) : result.rejections;
      });
    });
}

async function runStsCommand(
  options: StsOptions,
  handle: (record: TokenRecord, staCipher: StaCipher | undefined) => string | Rejection[],
): Promise<void> {
  const staCipher = await loadStaTables(options.tables);
  const records = parseStsRecords(await readStandardInput());
  let output = '';
  records.forEach((record, index) => {
    const label = recordLabel(record, index);
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      const rejection: Rejection = {
        code: 'invalid-field',
        field: 'record',
        value: record,
        message: `Record ${label} is not a JSON object; give an object such as {"id": "A01", ...}.`,
      };
      output += formatStsLine(label, [rejection]);
      return;
    }
    output += formatStsLine(label, handle(record as TokenRecord, staCipher));
  });
  process.stdout.write(output);
}
