import type { ServiceKind } from './green-button-event.js';

// ESPI ServiceCategory.kind codes, in code order 0–9.
const SERVICE_KINDS: readonly ServiceKind[] = [
  'electricity',
  'gas',
  'water',
  'time',
  'heat',
  'refuse',
  'sewerage',
  'rates',
  'tvLicence',
  'internet',
];

// ESPI ReadingType.uom codes that the sample feeds use. Other codes are passed on as `uom <code>`.
const UNIT_NAMES = new Map<number, string>([
  [72, 'Wh'],
  [169, 'therm'],
  [128, 'US gal'],
  [42, 'm3'],
  [119, 'ft3'],
]);

// ISO 4217 numeric to alphabetic codes for the currencies a North American or European feed is likely to carry.
const CURRENCIES = new Map<number, string>([
  [840, 'USD'],
  [124, 'CAD'],
  [978, 'EUR'],
  [826, 'GBP'],
  [36, 'AUD'],
  [484, 'MXN'],
]);

/** Maps a ServiceCategory.kind code to its name; undefined for a code outside 0–9. */
export function espiServiceKind(code: number): ServiceKind | undefined {
  return SERVICE_KINDS[code];
}

export function espiUnitName(uom: number | undefined): string {
  if (uom === undefined) {
    return 'unknown';
  }
  return UNIT_NAMES.get(uom) ?? `uom ${uom}`;
}

export function espiCurrency(code: number | undefined): string | undefined {
  if (code === undefined) {
    return undefined;
  }
  return CURRENCIES.get(code) ?? String(code);
}
