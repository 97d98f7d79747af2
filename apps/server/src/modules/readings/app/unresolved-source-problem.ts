import type { ServicePointRef } from '../db/find-service-point.js';
import { serviceChannelUnits } from '../domain/service-channel-units.js';
import type { ServicePointLookup } from './interval-channel-resolver.js';
import type { ImportProblem } from './interval-import-session.js';
import {
  marketIdMappingExample,
  marketIdsOptionName,
  servicePointOptionName,
  type MappingOptionSyntax,
} from './mapping-option-names.js';

/** Position of a rejected source in the file, and its name in messages. */
export type ImportSource = {
  line: number;
  field: string;
  value: string;
  /** The source as a person reads it, such as `usage point …/UsagePoint/1 ("Home")` or `meter M-1`. */
  label: string;
  /** The key a mapping of this source would use (a usage point's last path segment, a meter serial). */
  mappingKey: string;
};

/** Builds the problem for a source whose service point was not found, saying which lookup failed. */
export function unresolvedSourceProblem(
  lookup: Exclude<ServicePointLookup, { kind: 'found' }>,
  source: ImportSource,
  syntax: MappingOptionSyntax,
): ImportProblem {
  const message = `Line ${source.line}: ${unresolvedReason(lookup, source, syntax)}`;
  const code = source.field === 'meter_serial' ? 'UNMAPPED_METER' : 'UNMAPPED_USAGE_POINT';
  return { code, message, line: source.line, column: null, field: source.field, value: source.value };
}

function unresolvedReason(
  lookup: Exclude<ServicePointLookup, { kind: 'found' }>,
  source: ImportSource,
  syntax: MappingOptionSyntax,
): string {
  switch (lookup.kind) {
    case 'service-point-not-found':
      return `service point ${lookup.servicePointId} given in ${servicePointOptionName(syntax)} was not found in this company; check the id.`;
    case 'market-id-not-found':
      return `market id ${lookup.marketId}, which ${marketIdsOptionName(syntax)} maps ${source.label} to, was not found in this company; check the market id.`;
    case 'unmapped': {
      const tried = lookup.fallbackMarketId === undefined ? '' : ` (no market id ${lookup.fallbackMarketId})`;
      return `${source.label} matches no service point${tried}; map it with ${marketIdMappingExample(syntax, source.mappingKey)} or give ${servicePointOptionName(syntax)}.`;
    }
    case 'meter-not-installed':
      return `${source.label} was not installed at any service point on ${lookup.localDay}; install it first, or map it with ${marketIdMappingExample(syntax, source.mappingKey)}.`;
  }
}

/**
 * Builds the problem for a reading whose unit the service point's service cannot measure, such as a gas
 * feed in therm mapped to an electricity service point.
 */
export function unitOfOtherServiceProblem(
  source: ImportSource,
  unit: string,
  servicePoint: ServicePointRef,
): ImportProblem {
  const name =
    servicePoint.marketId === null ? servicePoint.id : `${servicePoint.id} (${servicePoint.marketId})`;
  return {
    code: 'UNIT_OF_OTHER_SERVICE',
    message: `Line ${source.line}: ${source.label} reads in ${unit}, which ${servicePoint.service} service point ${name} cannot measure (expected ${serviceChannelUnits[servicePoint.service].join(', ')}); map the source to a service point of the right service. Nothing was imported.`,
    line: source.line,
    column: null,
    field: source.field,
    value: source.value,
  };
}
