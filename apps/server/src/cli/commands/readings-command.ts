import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import {
  importIntervalData,
  importRegisterReads,
  type ImportProblem,
  type IntervalSourceMapping,
} from '../../modules/readings/index.js';
import { formatImportProblem } from '../readings/format-import-problem.js';
import { withCompanyDatabase } from '../open-company-database.js';

type ImportOptions = {
  company: string;
  file: string;
  format: string;
  servicePoint?: string;
  map: string[];
  onError: string;
  duplicates: string;
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerReadingsCommand(program: Command): void {
  const readings = program.command('readings').description('Import meter readings');

  readings
    .command('import')
    .description('Import interval data (Green Button, interval CSV) or register reads (register CSV)')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--file <path>', 'file to import')
    .requiredOption('--format <format>', 'greenbutton, interval-csv or register-csv')
    .option('--service-point <id>', 'service point id for every usage point or meter of the file')
    .option(
      '--map <source=marketId>',
      'usage point id or title, or meter serial, to a market id; repeatable',
      collect,
      [],
    )
    .option('--on-error <mode>', 'skip: report bad rows and import the rest; abort: write nothing', 'abort')
    .option('--duplicates <mode>', 'upsert: replace stored interval readings; report: keep them', 'upsert')
    .action(async (options: ImportOptions) => {
      const onError = choose('--on-error', options.onError, ['skip', 'abort'] as const);
      const onDuplicate = choose('--duplicates', options.duplicates, ['upsert', 'report'] as const);
      const format = choose('--format', options.format, [
        'greenbutton',
        'interval-csv',
        'register-csv',
      ] as const);
      const mapping = parseMapping(options);
      await withCompanyDatabase(options.company, async ({ db, context }) => {
        const startedMs = performance.now();
        const source = createReadStream(options.file);
        if (format === 'register-csv') {
          const result = await importRegisterReads(db, context, { source, onError });
          printProblems(result.problems, result.rowsRejected);
          process.stdout.write(
            `${result.status === 'committed' ? 'Imported' : 'Rolled back, nothing written'}: ${result.readsCreated} reads created (${result.readsSuspect} suspect), ${result.readsAlreadyStored} already stored, ${result.rowsRejected} rows rejected.\n`,
          );
          if (result.status === 'rolled-back') process.exitCode = 1;
          return;
        }
        const result = await importIntervalData(db, context, {
          source,
          format,
          mapping,
          onError,
          onDuplicate,
        });
        printProblems(result.problems, result.problemCount);
        const seconds = (performance.now() - startedMs) / 1000;
        for (const channel of result.channels) {
          process.stdout.write(
            `channel ${channel.name} (${channel.unit}) at service point ${channel.servicePointId}: ${channel.readingsWritten} readings${channel.created ? ', new channel' : ''}\n`,
          );
        }
        process.stdout.write(
          `${result.status === 'committed' ? 'Imported' : 'Rolled back, nothing written'}: ${result.readingsInserted} inserted, ${result.readingsUpdated} replaced, ${result.duplicates} duplicates kept, ${result.rowsRejected} rows rejected in ${seconds.toFixed(1)} s.\n`,
        );
        if (result.status === 'rolled-back') process.exitCode = 1;
      });
    });
}

function printProblems(problems: readonly ImportProblem[], total: number): void {
  for (const problem of problems) process.stderr.write(`${formatImportProblem(problem)}\n`);
  if (total > problems.length)
    process.stderr.write(`… and ${total - problems.length} more problems not listed.\n`);
}

function parseMapping(options: ImportOptions): IntervalSourceMapping {
  const marketIds: Record<string, string> = {};
  for (const entry of options.map) {
    const separator = entry.lastIndexOf('=');
    if (separator <= 0 || separator === entry.length - 1) {
      throw new Error(`--map "${entry}" is invalid; write it as <usage point or meter serial>=<market id>.`);
    }
    marketIds[entry.slice(0, separator)] = entry.slice(separator + 1);
  }
  if (options.servicePoint !== undefined && !uuidPattern.test(options.servicePoint)) {
    throw new Error(
      `--service-point "${options.servicePoint}" is not a service point id; give its UUID, or map usage points with --map.`,
    );
  }
  return { servicePointId: options.servicePoint, marketIds, optionSyntax: 'cli' };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function choose<T extends string>(option: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) throw new Error(`${option} "${value}" is invalid; use ${choices.join(', ')}.`);
  return found;
}
