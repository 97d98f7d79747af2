import { Option, type Command } from 'commander';
import { Temporal } from 'temporal-polyfill';
import {
  compileTariff,
  computeCalendarBills,
  computeSamAnnualBills,
  formatMinorUnits,
  importUrdbTariff,
  type AnnualBills,
  TariffError,
  type HorsepowerDemand,
  type RoundingMode,
} from '@open-cis/rating';
import { formatRateJson, formatRateTable } from '../rate/format-rate-output.js';
import { hpDemandMessage } from '../rate/hp-demand-message.js';
import { assertOptionFile, readOptionFile } from '../rate/read-option-file.js';
import { readCalendarLoad, readSamLoad } from '../rate/read-rate-load.js';

type RateOptions = {
  tariff: string;
  load: string;
  mode: 'sam' | 'calendar';
  year?: string;
  timezone?: string;
  rounding: RoundingMode;
  currency: string;
  hpDemand?: HorsepowerDemand;
  json?: boolean;
};

/** SAM's calendar is labelled with 2018, a 365-day year that starts on a Monday. */
const samYear = 2018;

export function registerRateCommand(program: Command): void {
  program
    .command('rate')
    .description(
      'Bill a load on a URDB tariff by calendar month, with no database (a calculator for tariff analysts)',
    )
    .requiredOption(
      '--tariff <file>',
      'URDB rate JSON: an API response {"items":[…]}, a bare rate, or a JSON string of either',
    )
    .requiredOption('--load <file>', 'load CSV (interval_start,kw) or Green Button XML')
    .addOption(
      new Option('--mode <mode>', 'sam: NREL SAM conventions; calendar: real local clock with rounding')
        .choices(['sam', 'calendar'])
        .makeOptionMandatory(),
    )
    .option('--year <year>', 'calendar mode: the calendar year billed')
    .option(
      '--timezone <zone>',
      'calendar mode: IANA time zone of the TOU hours and of CSV stamps without an offset',
    )
    .addOption(
      new Option('--rounding <mode>', 'calendar mode: rounding of each line to the currency minor unit')
        .choices(['half-up', 'half-even'])
        .default('half-up'),
    )
    .option('--currency <code>', 'calendar mode: ISO 4217 currency of the bill', 'USD')
    .addOption(
      new Option(
        '--hp-demand <mapping>',
        'demand priced per hp: reject, as-kw (bill kW unchanged), convert (kW ÷ 0.745699872); default as-kw in sam mode, reject in calendar mode',
      ).choices(['reject', 'as-kw', 'convert']),
    )
    .option('--json', 'print only {"months": [...], "annual": {...}} on stdout')
    .action(async (options: RateOptions) => {
      await assertOptionFile('--tariff', options.tariff);
      await assertOptionFile('--load', options.load);
      const output = options.mode === 'sam' ? await rateSam(options) : await rateCalendar(options);
      process.stdout.write(output);
    });
}

async function rateSam(options: RateOptions): Promise<string> {
  const tariff = await loadTariff(
    options,
    Temporal.PlainDate.from({ year: samYear, month: 1, day: 1 }),
    options.hpDemand ?? 'as-kw',
  );
  const bills = computeSamAnnualBills(tariff, await readSamLoad(options.load));
  return options.json ? formatRateJson(bills) : table(bills, 4, (line) => line.amount.toFixed(4));
}

async function rateCalendar(options: RateOptions): Promise<string> {
  const year = Number(options.year);
  if (!options.year || !Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new Error(`--year must be a calendar year such as 2011 (found ${options.year ?? 'nothing'})`);
  }
  if (!options.timezone)
    throw new Error('--timezone is required in calendar mode, for example America/Los_Angeles');
  const tariff = await loadTariff(
    options,
    Temporal.PlainDate.from({ year, month: 1, day: 1 }),
    options.hpDemand ?? 'reject',
  );
  const intervals = await readCalendarLoad(options.load, options.timezone);
  const result = computeCalendarBills(tariff, intervals, {
    year,
    timeZone: options.timezone,
    currency: options.currency,
    rounding: options.rounding,
  });
  if (result.kind === 'unrated')
    throw new Error(`month ${result.month} of ${year} cannot be rated: ${result.detail}`);
  if (result.months.length === 0)
    throw new Error(`the load has no intervals in ${year} in ${options.timezone}`);
  return options.json
    ? formatRateJson(result, result.exponent)
    : table(result, result.exponent, (line) => formatMinorUnits(line.amountMinor, result.exponent));
}

/**
 * Imports the URDB rate as one version in force from `effectiveFrom`, so the rate applies to whatever
 * period the load covers. Import warnings go to stderr.
 */
async function loadTariff(
  options: RateOptions,
  effectiveFrom: Temporal.PlainDate,
  hpDemand: HorsepowerDemand,
) {
  const document = await readOptionFile('--tariff', options.tariff);
  const { definition, warnings } = importRate(options.tariff, document, { effectiveFrom, hpDemand });
  for (const warning of warnings)
    process.stderr.write(`cis rate: warning: ${warning.field}: ${warning.message}\n`);
  return compileTariff(definition);
}

function importRate(path: string, document: string, options: Parameters<typeof importUrdbTariff>[1]) {
  try {
    return importUrdbTariff(document, options);
  } catch (error) {
    if (!(error instanceof TariffError)) throw error;
    const message = error.option === 'hpDemand' ? hpDemandMessage(error.field) : error.message;
    throw new Error(`--tariff ${path}: ${message}`, { cause: error });
  }
}

function table(
  bills: AnnualBills,
  decimals: number,
  lineAmount: Parameters<typeof formatRateTable>[2],
): string {
  return formatRateTable(bills, (value) => value.toFixed(decimals), lineAmount);
}
