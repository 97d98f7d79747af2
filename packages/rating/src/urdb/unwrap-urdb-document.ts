import { TariffError } from '../tariff-error.js';
import { parseJsonText } from './parse-json-text.js';

/**
 * Returns the rate object of a URDB document given as the API response `{"items":[…]}`, a bare rate
 * object, or either of those double-encoded as a JSON string (as some published copies are).
 */
export function unwrapUrdbDocument(document: unknown, itemIndex = 0): Record<string, unknown> {
  let value = document;
  for (let depth = 0; typeof value === 'string' && depth < 3; depth++) value = parseJsonText(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TariffError('(document)', value, 'expected a URDB rate object');
  }
  const record = value as Record<string, unknown>;
  if ('items' in record) {
    const items = record.items;
    if (!Array.isArray(items) || items.length === 0)
      throw new TariffError('items', items, 'expected a non-empty array of rates');
    const item: unknown = items[itemIndex];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TariffError(`items[${itemIndex}]`, item, 'expected a URDB rate object');
    }
    return item as Record<string, unknown>;
  }
  return record;
}
