import { compileTariff, type CompiledTariff, type TariffDefinition } from '@open-cis/rating';

/** A stored tariff version: one row of rates.tariff_version, whose definition holds exactly one version. */
export type StoredTariffVersion = {
  id: string;
  tariffId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: TariffDefinition;
};

export type TariffForBilling = {
  tariffId: string;
  compiled: CompiledTariff;
  /** The [from, to) ranges of the versions, in order, to check that a bill period is covered without gaps. */
  ranges: { versionId: string; from: string; to: string | null }[];
};

/** A compiled tariff, or the reason its stored definition cannot be rated. */
export type BillingTariff = TariffForBilling | { tariffId: string; invalid: string };

/**
 * Joins a tariff's stored versions into one compiled tariff for the rating engine: each version keeps its
 * row id (it appears in every line's trace) and its effective date from the row.
 */
export function compileTariffVersions(
  tariffId: string,
  versions: readonly StoredTariffVersion[],
): TariffForBilling {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const first = sorted[0];
  if (!first) throw new Error(`Tariff ${tariffId} has no versions to compile.`);
  const definition: TariffDefinition = {
    ...first.definition,
    id: tariffId,
    versions: sorted.map((version) => {
      const [only] = version.definition.versions;
      if (!only) throw new Error(`Tariff version ${version.id} stores no version definition.`);
      return { ...only, id: version.id, effectiveFrom: version.effectiveFrom };
    }),
  };
  return {
    tariffId,
    compiled: compileTariff(definition),
    ranges: sorted.map((version) => ({
      versionId: version.id,
      from: version.effectiveFrom,
      to: version.effectiveTo,
    })),
  };
}

/** Returns why [from, to) is not fully covered by the tariff's versions, or undefined when it is. */
export function findTariffGap(tariff: TariffForBilling, from: string, to: string): string | undefined {
  let coveredUntil = from;
  for (const range of tariff.ranges) {
    if (range.to !== null && range.to <= coveredUntil) continue;
    if (range.from > coveredUntil) break;
    if (range.to === null) return undefined;
    coveredUntil = range.to;
    if (coveredUntil >= to) return undefined;
  }
  return `no version of tariff ${tariff.tariffId} is in force on ${coveredUntil}`;
}
