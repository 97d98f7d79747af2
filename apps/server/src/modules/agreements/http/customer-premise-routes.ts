import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { listCustomerPremises } from '../app/list-customer-premises.js';
import { customerPremisesSchema } from '../domain/customer-premises-schemas.js';

/** Registers GET /v1/customers/:id/premises: the premises where a customer's accounts are supplied. */
export const customerPremiseRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/customers/:id/premises',
    {
      config: { permission: 'premises:read' },
      schema: {
        tags: ['agreements'],
        summary:
          "List the premises the customer's accounts supply or supplied, with their service points and the agreements supplying each",
        description:
          'Needs customers:read and agreements:read as well. Premises come newest agreement first, and the agreements of a service point newest start first.',
        params: z.object({ id: z.uuid() }),
        response: { 200: customerPremisesSchema },
      },
    },
    (request) => listCustomerPremises(request.db, request.context, request.params.id),
  );
};
