import type { IntervalChannelTable } from '../../../platform/db/schema.js';

type Service = 'electricity' | 'gas' | 'water';

/**
 * Channel units a service point of each service can measure. A gas feed (therm) on an electricity service
 * point is a mapping mistake, and a channel created from it would be billed as electricity.
 */
export const serviceChannelUnits: Readonly<Record<Service, readonly IntervalChannelTable['unit'][]>> = {
  electricity: ['Wh', 'kWh', 'kW', 'kvarh'],
  gas: ['therm', 'm3', 'ft3'],
  water: ['gal', 'm3', 'ft3'],
};

export function isUnitOfService(unit: IntervalChannelTable['unit'], service: Service): boolean {
  return serviceChannelUnits[service].includes(unit);
}
