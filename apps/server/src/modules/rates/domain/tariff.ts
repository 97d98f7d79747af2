import type { TariffDefinition } from '@open-cis/rating';
import type { ServiceKind } from '../../../platform/db/schema.js';

export type TariffSource = 'manual' | 'urdb';

export type Tariff = {
  id: string;
  code: string;
  name: string;
  service: ServiceKind;
  source: TariffSource;
  /** Where an imported tariff came from, such as the URDB label; null for tariffs entered by hand. */
  sourceReference: string | null;
  createdAt: string;
};

/**
 * One effective-dated version of a tariff, in force over [effectiveFrom, effectiveTo); an open-ended
 * version has `effectiveTo` null. The definition was validated by packages/rating when it was stored.
 */
export type TariffVersion = {
  id: string;
  tariffId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: TariffDefinition;
  hasSourceDocument: boolean;
  createdAt: string;
};

export type TariffWithVersions = Tariff & { versions: TariffVersion[] };

/** Shows a half-open date range the way people read it: `[2024-01-01, 2024-07-01)` or `[2024-07-01, open)`. */
export function formatVersionRange(effectiveFrom: string, effectiveTo: string | null): string {
  return `[${effectiveFrom}, ${effectiveTo ?? 'open'})`;
}
