import { Temporal } from 'temporal-polyfill';
import type {
  ComponentDefinition,
  DemandChargeDefinition,
  EnergyTierLimitUnit,
  TariffDefinition,
  TouScheduleDefinition,
} from '../definition/tariff-definition.js';
import { field, readDecimal, readInteger, readOptional, type JsonField } from '../definition/json-field.js';
import { parseTariffDefinition } from '../definition/parse-tariff-definition.js';
import { TariffError } from '../tariff-error.js';
import {
  readUrdbMonthPeriods,
  readUrdbSchedule,
  readUrdbStructure,
  type UrdbTier,
} from './read-urdb-structure.js';
import { unwrapUrdbDocument } from './unwrap-urdb-document.js';
import { descriptiveFields, ignoredBillingFields, ratedFields } from './urdb-fields.js';

/**
 * How to read demand priced per horsepower (`hp`), which a demand meter does not measure: `reject` the
 * tariff, bill kW `as-kw` (what NREL PySAM's URDB converter passes to SAM), or `convert` kW to hp
 * (kW ÷ 0.745699872).
 */
export type HorsepowerDemand = 'reject' | 'as-kw' | 'convert';

export type UrdbImportOptions = {
  hpDemand?: HorsepowerDemand;
  /** Overrides `startdate`, for example to bill a published rate on a load of another year. */
  effectiveFrom?: Temporal.PlainDate;
  itemIndex?: number;
};

export type UrdbImportWarning = { field: string; message: string };

export type UrdbImportResult = { definition: TariffDefinition; warnings: UrdbImportWarning[] };

const energyUnits: Readonly<Record<string, EnergyTierLimitUnit>> = {
  kWh: 'kWh',
  'kWh daily': 'kWh/day',
  'kWh/kW': 'kWh/kW',
  'kWh/kW daily': 'kWh/kW/day',
};

/**
 * Converts an OpenEI Utility Rate Database rate into a tariff definition with one version. Throws
 * TariffError naming the URDB field when the rate cannot be billed as published; fields that affect a real
 * bill but are not modelled come back as warnings.
 */
export function importUrdbTariff(document: unknown, options: UrdbImportOptions = {}): UrdbImportResult {
  const rate = unwrapUrdbDocument(document, options.itemIndex);
  const root: JsonField = { path: '', value: rate };
  const warnings = collectWarnings(rate);
  const schedules: TouScheduleDefinition[] = [];
  const components: ComponentDefinition[] = [];
  const fixed = importFixedCharge(root);
  if (fixed) components.push(fixed);
  components.push(importEnergy(root, schedules, warnings));
  components.push(...importDemand(root, schedules, options.hpDemand ?? 'reject', warnings));
  components.push(...importMinimums(root));
  const label = typeof rate.label === 'string' ? rate.label : 'urdb-rate';
  const title = [rate.utility, rate.name].filter((part) => typeof part === 'string').join(' – ') || label;
  const effectiveFrom = options.effectiveFrom ?? startDate(root, warnings);
  const enddate = field(root, 'enddate');
  const definition = parseTariffDefinition({
    schemaVersion: 1,
    id: `urdb-${label}`,
    name: title,
    service: 'electricity',
    versions: [
      {
        id: `urdb-${label}@${effectiveFrom.toString()}`,
        effectiveFrom: effectiveFrom.toString(),
        schedules,
        components,
      },
    ],
    source: {
      system: 'OpenEI Utility Rate Database',
      reference: label,
      note:
        enddate.value === undefined
          ? undefined
          : `published end date ${readUrdbDate(enddate).toString()} is not enforced`,
    },
  } satisfies TariffDefinition);
  return { definition, warnings };
}

function collectWarnings(rate: Record<string, unknown>): UrdbImportWarning[] {
  const warnings: UrdbImportWarning[] = [];
  for (const [key, value] of Object.entries(rate)) {
    if (descriptiveFields.has(key) || ratedFields.has(key) || value === null || value === undefined) continue;
    const known = ignoredBillingFields[key];
    warnings.push({ field: key, message: known ?? 'field not recognised; ignored' });
  }
  return warnings;
}

function importFixedCharge(root: JsonField): ComponentDefinition | undefined {
  const firstMeter = field(root, 'fixedchargefirstmeter');
  if (firstMeter.value !== undefined && firstMeter.value !== null) {
    const units = field(root, 'fixedchargeunits');
    const per = ({ '$/month': 'month', '$/day': 'day', '$/year': 'year' } as const)[unitName(units)];
    if (!per) throw new TariffError(units.path, units.value, 'expected $/month, $/day or $/year');
    return {
      kind: 'fixed',
      id: 'fixed',
      name: 'Fixed charge',
      amount: readDecimal(firstMeter).toString(),
      per,
    };
  }
  const legacy = field(root, 'fixedmonthlycharge');
  if (legacy.value === undefined || legacy.value === null) return undefined;
  return {
    kind: 'fixed',
    id: 'fixed',
    name: 'Fixed charge',
    amount: readDecimal(legacy).toString(),
    per: 'month',
  };
}

function importEnergy(
  root: JsonField,
  schedules: TouScheduleDefinition[],
  warnings: UrdbImportWarning[],
): ComponentDefinition {
  const structureNode = field(root, 'energyratestructure');
  if (structureNode.value === undefined)
    throw new TariffError('energyratestructure', undefined, 'the rate has no energy charges');
  const structure = readUrdbStructure(structureNode);
  schedules.push({
    id: 'energy',
    weekday: readUrdbSchedule(field(root, 'energyweekdayschedule'), structure.length, 'energyratestructure'),
    weekend: readUrdbSchedule(field(root, 'energyweekendschedule'), structure.length, 'energyratestructure'),
  });
  structure.flat().forEach((tier) => {
    const sell = field(tier.node, 'sell');
    if (sell.value !== undefined)
      warnings.push({ field: sell.path, message: 'export (sell) price is not billed' });
  });
  return {
    kind: 'energy',
    id: 'energy',
    name: 'Energy charge',
    schedule: 'energy',
    tierBasis: 'bill-total',
    periods: structure.map((tiers, period) => ({
      period,
      tiers: tiers.map((tier) => {
        const unitPath = `${tier.node.path}.unit`;
        const limitUnit = energyUnits[tier.unit ?? 'kWh'];
        if (!limitUnit)
          throw new TariffError(unitPath, tier.unit, "expected kWh, kWh/kW, 'kWh daily' or 'kWh/kW daily'");
        return { upTo: tier.max?.toString(), limitUnit, price: tier.price.toString() };
      }),
    })),
  };
}

function importDemand(
  root: JsonField,
  schedules: TouScheduleDefinition[],
  hpDemand: HorsepowerDemand,
  warnings: UrdbImportWarning[],
): DemandChargeDefinition[] {
  const charges: DemandChargeDefinition[] = [];
  const windowMinutes = readOptional(field(root, 'demandwindow'), (window) => readInteger(window, 1, 1440));
  const touNode = field(root, 'demandratestructure');
  if (touNode.value !== undefined && touNode.value !== null) {
    const structure = readUrdbStructure(touNode);
    schedules.push({
      id: 'demand',
      weekday: readUrdbSchedule(
        field(root, 'demandweekdayschedule'),
        structure.length,
        'demandratestructure',
      ),
      weekend: readUrdbSchedule(
        field(root, 'demandweekendschedule'),
        structure.length,
        'demandratestructure',
      ),
    });
    const demandUnit = readDemandUnit(field(root, 'demandrateunit'), hpDemand, warnings);
    charges.push({
      kind: 'demand',
      id: 'demand-tou',
      name: 'TOU demand charge',
      schedule: 'demand',
      windowMinutes,
      demandUnit,
      periods: demandPeriods(structure),
    });
  }
  const flatNode = field(root, 'flatdemandstructure');
  if (flatNode.value !== undefined && flatNode.value !== null) {
    const structure = readUrdbStructure(flatNode);
    const monthsNode = field(root, 'flatdemandmonths');
    const periodByMonth =
      monthsNode.value === undefined
        ? structure.length === 1
          ? new Array<number>(12).fill(0)
          : (() => {
              throw new TariffError(
                'flatdemandmonths',
                undefined,
                'needed when flatdemandstructure has several periods',
              );
            })()
        : readUrdbMonthPeriods(monthsNode, structure.length);
    const demandUnit = readDemandUnit(field(root, 'flatdemandunit'), hpDemand, warnings);
    charges.push({
      kind: 'demand',
      id: 'demand-flat',
      name: 'Demand charge',
      periodByMonth,
      windowMinutes,
      demandUnit,
      periods: demandPeriods(structure),
    });
  }
  return charges;
}

function demandPeriods(structure: UrdbTier[][]): DemandChargeDefinition['periods'] {
  return structure.map((tiers, period) => ({
    period,
    tiers: tiers.map((tier) => ({ upTo: tier.max?.toString(), price: tier.price.toString() })),
  }));
}

function readDemandUnit(
  node: JsonField,
  hpDemand: HorsepowerDemand,
  warnings: UrdbImportWarning[],
): 'kW' | 'hp' {
  const unit = node.value ?? 'kW';
  if (unit === 'kW') return 'kW';
  if (unit !== 'hp') throw new TariffError(node.path, unit, 'expected kW or hp');
  switch (hpDemand) {
    case 'reject':
      throw new TariffError(
        node.path,
        unit,
        'demand priced per hp needs the hpDemand option set to as-kw (bill kW unchanged) or convert (kW ÷ 0.745699872)',
        'hpDemand',
      );
    case 'as-kw':
      warnings.push({ field: node.path, message: 'hp demand billed on kW unchanged (as-kw mapping)' });
      return 'kW';
    case 'convert':
      warnings.push({ field: node.path, message: 'hp demand billed on kW ÷ 0.745699872 (convert mapping)' });
      return 'hp';
  }
}

/** A units field with its URDB default, `$/month`; a non-string value maps to no unit. */
function unitName(node: JsonField): string {
  if (node.value === undefined || node.value === null) return '$/month';
  return typeof node.value === 'string' ? node.value : '';
}

function importMinimums(root: JsonField): ComponentDefinition[] {
  const minimums: ComponentDefinition[] = [];
  const current = field(root, 'mincharge');
  if (current.value !== undefined && current.value !== null) {
    const units = field(root, 'minchargeunits');
    // URDB's default unit is $/month; a unit that is not a string matches no period and is rejected.
    let unitText = '';
    if (units.value === undefined) unitText = '$/month';
    else if (typeof units.value === 'string') unitText = units.value;
    const per = ({ '$/month': 'month', '$/year': 'year' } as const)[unitText];
    if (!per)
      throw new TariffError(
        units.path,
        units.value,
        'expected $/month or $/year ($/day minimums are not supported)',
      );
    minimums.push({
      kind: 'minimum',
      id: `minimum-${per}`,
      name: `Minimum charge per ${per}`,
      amount: readDecimal(current).toString(),
      per,
    });
  }
  const monthly = field(root, 'minmonthlycharge');
  if (
    monthly.value !== undefined &&
    monthly.value !== null &&
    !minimums.some((minimum) => minimum.id === 'minimum-month')
  ) {
    minimums.push({
      kind: 'minimum',
      id: 'minimum-month',
      name: 'Minimum charge per month',
      amount: readDecimal(monthly).toString(),
      per: 'month',
    });
  }
  const annual = field(root, 'annualmincharge');
  if (
    annual.value !== undefined &&
    annual.value !== null &&
    !minimums.some((minimum) => minimum.id === 'minimum-year')
  ) {
    minimums.push({
      kind: 'minimum',
      id: 'minimum-year',
      name: 'Minimum charge per year',
      amount: readDecimal(annual).toString(),
      per: 'year',
    });
  }
  return minimums;
}

/** A rate without `startdate` (NREL's synthetic test rates) is taken as in force from 1900-01-01, with a warning. */
function startDate(root: JsonField, warnings: UrdbImportWarning[]): Temporal.PlainDate {
  const node = field(root, 'startdate');
  if (node.value !== undefined && node.value !== null) return readUrdbDate(node);
  warnings.push({ field: 'startdate', message: 'missing; the version is taken as in force from 1900-01-01' });
  return Temporal.PlainDate.from('1900-01-01');
}

/** URDB dates are Unix seconds (local midnight of a US zone, so the UTC date is the local date) or "YYYY-MM-DD hh:mm:ss". */
function readUrdbDate(node: JsonField): Temporal.PlainDate {
  const { value } = node;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Temporal.Instant.fromEpochMilliseconds(value * 1000)
      .toZonedDateTimeISO('UTC')
      .toPlainDate();
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(value)) {
    return Temporal.PlainDate.from(value.slice(0, 10));
  }
  throw new TariffError(
    node.path || 'startdate',
    value,
    'expected Unix seconds or "YYYY-MM-DD hh:mm:ss"; give effectiveFrom when the rate has no start date',
  );
}
