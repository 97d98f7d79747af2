import type { TariffDefinition } from '@open-cis/rating';

/**
 * Jackson Electric Membership Corporation (Georgia, USA), Schedule A – Residential Service – Senior
 * Citizen – Low Income Assistance, effective 2017-01-01, as recorded in the OpenEI Utility Rate Database
 * (label 5a0b28045457a3ea2aca608e). The utility's rate sheet that URDB cites is
 * http://www.jacksonemc.com/sites/default/files/a-17_final.pdf and the programme page is
 * https://www.jacksonemc.com/home-customer-service/financial-assistance/senior-citizen-low-income-assistance.
 *
 * The rate: $5.50 per month, and energy in three blocks per month (first 650 kWh, next 350 kWh, over
 * 1,000 kWh). May to September the blocks rise (8.96, 11.21, 11.81 ¢/kWh); the other months they fall
 * (8.96, 8.31, 8.21 ¢/kWh). The prices were typed from the URDB record into this model by hand.
 */
export const jacksonEmcTariffCode = 'JEMC-A-SCLIA';
export const jacksonEmcUrdbLabel = '5a0b28045457a3ea2aca608e';
export const jacksonEmcEffectiveFrom = '2017-01-01';

const WINTER = 0;
const SUMMER = 1;
// Rate period of each month, January first: URDB's schedule puts May through September in period 1.
const PERIOD_BY_MONTH = [
  WINTER,
  WINTER,
  WINTER,
  WINTER,
  SUMMER,
  SUMMER,
  SUMMER,
  SUMMER,
  SUMMER,
  WINTER,
  WINTER,
  WINTER,
];

// A seasonal rate has no hours of its own: every hour of a month carries that month's period.
const seasonalMatrix = PERIOD_BY_MONTH.map((period) => Array.from({ length: 24 }, () => period));

export const jacksonEmcTariffDefinition: TariffDefinition = {
  schemaVersion: 1,
  id: jacksonEmcTariffCode,
  name: 'Schedule A – Residential Service – Senior Citizen – Low Income Assistance',
  service: 'electricity',
  source: {
    system: 'urdb',
    reference: jacksonEmcUrdbLabel,
    note: 'Jackson Electric Membership Corporation, Georgia; effective 2017-01-01',
  },
  versions: [
    {
      id: `${jacksonEmcTariffCode}@${jacksonEmcEffectiveFrom}`,
      effectiveFrom: jacksonEmcEffectiveFrom,
      seasons: [
        { id: 'winter', name: 'October–April', months: [1, 2, 3, 4, 10, 11, 12] },
        { id: 'summer', name: 'May–September', months: [5, 6, 7, 8, 9] },
      ],
      schedules: [{ id: 'season', weekday: seasonalMatrix, weekend: seasonalMatrix }],
      components: [
        { kind: 'fixed', id: 'basic-charge', name: 'Basic charge', amount: '5.50', per: 'month' },
        {
          kind: 'energy',
          id: 'energy',
          name: 'Energy charge',
          schedule: 'season',
          tierBasis: 'bill-total',
          periods: [
            {
              period: WINTER,
              name: 'October–April (declining blocks)',
              tiers: [
                { upTo: '650', limitUnit: 'kWh', price: '0.0896' },
                { upTo: '1000', limitUnit: 'kWh', price: '0.0831' },
                { limitUnit: 'kWh', price: '0.0821' },
              ],
            },
            {
              period: SUMMER,
              name: 'May–September (inclining blocks)',
              tiers: [
                { upTo: '650', limitUnit: 'kWh', price: '0.0896' },
                { upTo: '1000', limitUnit: 'kWh', price: '0.1121' },
                { limitUnit: 'kWh', price: '0.1181' },
              ],
            },
          ],
        },
      ],
    },
  ],
};
