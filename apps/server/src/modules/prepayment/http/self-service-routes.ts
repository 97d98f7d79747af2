import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { premiseSchema } from '../../premises/index.js';
import { listCustomerPrepaidMeters } from '../app/list-customer-prepaid-meters.js';
import { prepaidServices } from '../domain/prepaid-service.js';

export const customerPrepaidMeterSchema = z
  .object({
    meterId: z.uuid(),
    pan: z.string().describe('The 18-digit meter number that the customer types when buying units'),
    service: z
      .enum(prepaidServices)
      .describe('What the customer buys for the meter: electricity, gas or water'),
    accountId: z.uuid(),
    accountNumber: z.string(),
    address: premiseSchema
      .omit({ id: true, location: true })
      .describe('The address of the premise that the meter supplies'),
  })
  .meta({ id: 'CustomerPrepaidMeter' });

/** Registers the prepaid routes of self-service, which serve customer users only. */
export const selfServicePrepaidRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/self-service/prepaid/meters',
    {
      config: { permission: 'self', principals: ['customer'] },
      schema: {
        tags: ['prepayment'],
        summary: "The signed-in customer's prepaid meters",
        description:
          "For a customer user signed in to self-service: the STS meters installed today at the service points of its customer's prepaid agreements in force, by account number and meter number. An empty list means the customer buys nothing by token.",
        response: { 200: z.object({ items: z.array(customerPrepaidMeterSchema) }) },
      },
    },
    async (request) => {
      const customerId = request.session?.customerId;
      if (!customerId) throw new Error('A customer session has no customer id.');
      return { items: await listCustomerPrepaidMeters(request.db, request.context, customerId) };
    },
  );
};
