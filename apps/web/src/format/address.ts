import type { Premise } from '../../../server/src/modules/premises/domain/premise.js';

/** The parts of a premise's postal address. */
export type PostalAddress = Pick<
  Premise,
  'addressLine1' | 'addressLine2' | 'city' | 'postalCode' | 'region' | 'country'
>;

// Countries whose addresses put the postal code after the city and region ("Jefferson, GA 30549");
// most others, Spain among them, put it before the city ("28001 Madrid").
const postalCodeLast = new Set(['US', 'CA', 'AU', 'GB', 'IE']);

/** Formats an address on one line, such as "120 Oak Street, Jefferson, GA 30549, US". */
export function formatAddressLine(address: PostalAddress): string {
  const { city, postalCode, region, country } = address;
  const locality = postalCodeLast.has(country)
    ? [[city, region].filter(Boolean).join(', '), postalCode].filter(Boolean).join(' ')
    : [[postalCode, city].filter(Boolean).join(' '), region].filter(Boolean).join(', ');
  return [address.addressLine1, address.addressLine2, locality, country].filter(Boolean).join(', ');
}
