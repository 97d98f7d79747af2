export type ServiceKind = 'electricity' | 'gas' | 'water';

/** Latitude and longitude in decimal degrees (WGS 84), as decimal strings with up to 6 places. */
export type GeoPoint = { latitude: string; longitude: string };

/** A place that receives service: a postal address and an optional geo point. */
export type Premise = {
  id: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postalCode: string | null;
  region: string | null;
  country: string;
  location: GeoPoint | null;
};

/**
 * The point where one service (electricity, gas or water) is delivered to a premise; `marketId` is its
 * identifier in the energy market, such as a CUPS (Spain), an MPAN (Great Britain) or an ESI ID (Texas).
 */
export type ServicePoint = { id: string; premiseId: string; service: ServiceKind; marketId: string | null };

export type PremiseWithServicePoints = Premise & { servicePoints: ServicePoint[] };
