import type { z } from 'zod';
import type { customerPrepaidMeterSchema } from '../../../../server/src/modules/prepayment/http/self-service-routes.js';
import type { PrepaidVend } from '../vending/vending-types.js';

/** A prepaid meter of the customer, as GET /v1/self-service/prepaid/meters lists it. */
export type CustomerPrepaidMeter = z.infer<typeof customerPrepaidMeterSchema>;

/** A top-up as self-service lists it: a vend without the selling agent and its commission. */
export type CustomerTopUp = Omit<PrepaidVend, 'commissionMinor' | 'agentId' | 'outletId'>;

/** A page of GET /v1/self-service/prepaid/vends, newest first, with the cursor of the older page. */
export type CustomerTopUpPage = { items: CustomerTopUp[]; nextBefore: string | null };
