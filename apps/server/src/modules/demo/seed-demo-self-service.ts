import { Temporal } from 'temporal-polyfill';
import type { Db, RequestContext } from '../../platform/context/request-context.js';
import { createUser } from '../identity/index.js';
import { vendUnits } from '../prepayment/index.js';
import { createDemoTokenIssuer } from './demo-vending-key.js';
import type { SeededPrepaidMeter } from './seed-demo-prepayment.js';

/** The demo's self-service customer: a prepaid household's login, and the top-up it finds there. */
export const demoSelfServiceCustomer = {
  email: 'customer@demo.example',
  topUp: { amountMinor: 3000n, transactionReference: 'demo-top-up-1', time: '10:30' },
} as const;

export type SeededSelfService = {
  customerId: string;
  /** The customer's login (a user of kind customer). */
  userId: string;
  /** The one-time token with which the login's password is set. */
  passwordSetupToken: string;
  /** The customer's top-up, sold at the utility's office. */
  vendId: string;
};

/**
 * Gives a prepaid household a self-service login and one top-up of 30.00 in the company's currency for its
 * meter, sold at the utility's office at 10:30 on `soldOn` in the company's time zone. The seed passes a day of the month
 * before the current one, so that the top-up takes that month's service charge and free basic units, and
 * the current month's are left for the first sale a user makes.
 */
export async function seedDemoSelfService(
  db: Db,
  context: RequestContext,
  options: { household: SeededPrepaidMeter; currency: string; timeZone: string; soldOn: Temporal.PlainDate },
): Promise<SeededSelfService> {
  const { household } = options;
  const { user, passwordSetupToken } = await createUser(
    db,
    { ...context, permissions: ['*'] },
    {
      kind: 'customer',
      email: demoSelfServiceCustomer.email,
      displayName: household.customerName,
      roles: [],
      customerId: household.customerId,
    },
  );
  const { topUp } = demoSelfServiceCustomer;
  const soldAt = options.soldOn
    .toZonedDateTime({ timeZone: options.timeZone, plainTime: Temporal.PlainTime.from(topUp.time) })
    .toInstant();
  const { vend } = await vendUnits(
    db,
    context,
    createDemoTokenIssuer(),
    {
      meter: { meterId: household.meterId },
      amountMinor: topUp.amountMinor,
      currency: options.currency,
      transactionReference: topUp.transactionReference,
    },
    { now: () => soldAt },
  );
  return { customerId: household.customerId, userId: user.id, passwordSetupToken, vendId: vend.id };
}
