import { TariffError } from '../tariff-error.js';
import { parseComponent } from './parse-components.js';
import {
  field,
  readArray,
  readChoice,
  readInteger,
  readNonNegativeDecimal,
  readObject,
  readOptional,
  readPeriodMatrix,
  readPlainDate,
  readString,
  type JsonField,
} from './json-field.js';
import type {
  ComponentDefinition,
  SeasonDefinition,
  TariffDefinition,
  TariffVersionDefinition,
  TouScheduleDefinition,
} from './tariff-definition.js';

/**
 * Validates a tariff document (for example a tariff_version jsonb value) and returns it in canonical form.
 * Throws TariffError naming the first invalid field, including references that do not resolve: a schedule
 * period no component prices, a tax on a component that does not exist, versions out of order.
 */
export function parseTariffDefinition(document: unknown): TariffDefinition {
  const root = readObject({ path: '', value: document });
  const schemaVersion = field(root, 'schemaVersion');
  if (schemaVersion.value !== 1) throw new TariffError('schemaVersion', schemaVersion.value, 'expected 1');
  const id = readString(field(root, 'id'));
  const name = readString(field(root, 'name'));
  const service = readChoice(field(root, 'service'), ['electricity', 'gas', 'water', 'sewer'] as const);
  const holidays = readOptional(field(root, 'holidays'), (list) =>
    readArray(list).map((day) => readPlainDate(day).toString()),
  );
  const versionsNode = field(root, 'versions');
  const versions = readArray(versionsNode).map(parseVersion);
  if (versions.length === 0)
    throw new TariffError('versions', versionsNode.value, 'expected at least one version');
  versions.forEach((version, index) => {
    const previous = versions[index - 1];
    if (previous && previous.effectiveFrom >= version.effectiveFrom) {
      throw new TariffError(
        `versions[${index}].effectiveFrom`,
        version.effectiveFrom,
        'versions must start in order, on different days',
      );
    }
  });
  const sourceNode = field(root, 'source');
  return {
    schemaVersion: 1,
    id,
    name,
    service,
    holidays,
    versions,
    source: readOptional(sourceNode, (source) => ({
      system: readString(field(readObject(source), 'system')),
      reference: readString(field(source, 'reference')),
      note: readOptional(field(source, 'note'), readString),
    })),
  };
}

function parseVersion(node: JsonField): TariffVersionDefinition {
  readObject(node);
  const schedules =
    readOptional(field(node, 'schedules'), (list) => readArray(list).map(parseSchedule)) ?? [];
  const componentsNode = field(node, 'components');
  const components = readArray(componentsNode).map(parseComponent);
  const conversionNode = field(node, 'gasConversion');
  const version: TariffVersionDefinition = {
    id: readString(field(node, 'id')),
    effectiveFrom: readPlainDate(field(node, 'effectiveFrom')).toString(),
    schedules,
    seasons: readOptional(field(node, 'seasons'), (list) => readArray(list).map(parseSeason)),
    gasConversion: readOptional(conversionNode, (conversion) => ({
      volumeCorrectionFactor: readNonNegativeDecimal(
        field(readObject(conversion), 'volumeCorrectionFactor'),
      ).toString(),
      calorificValue: readNonNegativeDecimal(field(conversion, 'calorificValue')).toString(),
      calorificValueUnit: readChoice(field(conversion, 'calorificValueUnit'), ['MJ/m3', 'kWh/m3'] as const),
    })),
    components,
  };
  assertReferences(node, version);
  return version;
}

function parseSchedule(node: JsonField): TouScheduleDefinition {
  readObject(node);
  return {
    id: readString(field(node, 'id')),
    weekday: readPeriodMatrix(field(node, 'weekday')),
    weekend: readPeriodMatrix(field(node, 'weekend')),
    holiday: readOptional(field(node, 'holiday'), readPeriodMatrix),
  };
}

function parseSeason(node: JsonField): SeasonDefinition {
  readObject(node);
  return {
    id: readString(field(node, 'id')),
    name: readString(field(node, 'name')),
    months: readArray(field(node, 'months')).map((month) => readInteger(month, 1, 12)),
  };
}

function assertReferences(node: JsonField, version: TariffVersionDefinition): void {
  const componentIds = new Set<string>();
  version.components.forEach((component, index) => {
    const path = `${node.path}.components[${index}]`;
    if (componentIds.has(component.id))
      throw new TariffError(`${path}.id`, component.id, 'component id used twice');
    if (component.kind === 'tax') assertTaxTargets(path, component, componentIds);
    componentIds.add(component.id);
    assertPeriodsPriced(node, path, component, version.schedules ?? []);
  });
}

/** Checks that a tax names only components listed before it, because a tax applies to lines already computed. */
function assertTaxTargets(
  path: string,
  tax: ComponentDefinition & { kind: 'tax' },
  earlier: Set<string>,
): void {
  (tax.appliesTo.componentIds ?? []).forEach((id, index) => {
    if (!earlier.has(id)) {
      throw new TariffError(
        `${path}.appliesTo.componentIds[${index}]`,
        id,
        'no component with this id comes before the tax',
      );
    }
  });
}

/** Every period a component can meet (through its schedule or its month table) must have a rate. */
function assertPeriodsPriced(
  node: JsonField,
  path: string,
  component: ComponentDefinition,
  schedules: TouScheduleDefinition[],
): void {
  if (component.kind !== 'energy' && component.kind !== 'demand') return;
  const priced = new Set(component.periods.map((period) => period.period));
  if (component.schedule === undefined) {
    const months = component.kind === 'demand' ? (component.periodByMonth ?? [0]) : [0];
    months.forEach((period, month) => {
      if (!priced.has(period)) {
        const where =
          component.kind === 'demand' && component.periodByMonth
            ? `${path}.periodByMonth[${month}]`
            : `${path}.periods`;
        throw new TariffError(where, period, `period ${period} has no rate in component ${component.id}`);
      }
    });
    return;
  }
  const scheduleIndex = schedules.findIndex((schedule) => schedule.id === component.schedule);
  const schedule = schedules[scheduleIndex];
  if (!schedule)
    throw new TariffError(`${path}.schedule`, component.schedule, 'no schedule with this id in the version');
  for (const dayType of ['weekday', 'weekend', 'holiday'] as const) {
    schedule[dayType]?.forEach((hours, month) =>
      hours.forEach((period, hour) => {
        if (!priced.has(period)) {
          const where = `${node.path}.schedules[${scheduleIndex}].${dayType}[${month}][${hour}]`;
          throw new TariffError(
            where,
            period,
            `period ${period} is used here but component ${component.id} has no rate for it`,
          );
        }
      }),
    );
  }
}
