/** A TOU schedule of a tariff version: the period number for each month (0 = January) and hour. */
export type TouSchedule = { id: string; weekday: number[][]; weekend: number[][]; holiday?: number[][] };

/** A rate period of a component: its number in the component's schedule, its name and its tiers. */
export type ComponentPeriod = { period: number; name?: string; tiers?: Record<string, unknown>[] };

export type TariffComponent = {
  kind: string;
  id: string;
  name?: string;
  schedule?: string;
  periods?: ComponentPeriod[];
} & Record<string, unknown>;

export type VersionDefinition = { schedules?: TouSchedule[]; components?: TariffComponent[] };

/** A period of a TOU schedule, with the name a component gives it when one does. */
export type TouPeriod = { schedule: string; period: number; name: string | undefined };

/** Lists the period numbers used anywhere in a schedule, in ascending order. */
export function listSchedulePeriods(schedule: TouSchedule): number[] {
  const matrices = [schedule.weekday, schedule.weekend, ...(schedule.holiday ? [schedule.holiday] : [])];
  return [...new Set(matrices.flat(2))].sort((left, right) => left - right);
}

/**
 * Finds the name of a period of `scheduleId`: the first one a component on that schedule gives it.
 * URDB imports name no periods, so their periods have only numbers.
 */
export function findPeriodName(
  definition: VersionDefinition,
  scheduleId: string,
  period: number,
): string | undefined {
  for (const component of definition.components ?? []) {
    if (component.schedule !== scheduleId) continue;
    const name = component.periods?.find((entry) => entry.period === period)?.name;
    if (name) return name;
  }
  return undefined;
}

/**
 * Lists the periods of the schedules that components of `kind` price by TOU (energy or demand), one entry
 * per schedule and period, so a rate check can ask for a quantity in each.
 */
export function listTouPeriods(definition: VersionDefinition, kind: 'energy' | 'demand'): TouPeriod[] {
  const scheduleIds = new Set(
    (definition.components ?? [])
      .filter((component) => component.kind === kind && component.schedule !== undefined)
      .map((component) => component.schedule as string),
  );
  return (definition.schedules ?? [])
    .filter((schedule) => scheduleIds.has(schedule.id))
    .flatMap((schedule) =>
      listSchedulePeriods(schedule).map((period) => ({
        schedule: schedule.id,
        period,
        name: findPeriodName(definition, schedule.id, period),
      })),
    );
}
