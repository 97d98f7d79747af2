import { z } from 'zod';
import { premiseSchema, servicePointSchema } from '../../premises/index.js';

/** Maximum number of agreements read for one customer's premises. A longer history is on /v1/agreements. */
export const maxCustomerPremiseAgreements = 1_000;

/** Maximum number of a customer's accounts whose agreements are read, the largest page of the account list. */
export const maxCustomerPremiseAccounts = 500;

export const customerPremisesSchema = z.object({
  items: z.array(
    z.object({
      premise: premiseSchema,
      servicePoints: z.array(
        servicePointSchema.extend({
          agreements: z
            .array(
              z.object({
                id: z.uuid(),
                accountId: z.uuid(),
                accountNumber: z.string(),
                startOn: z.string(),
                endOn: z.string().nullable(),
              }),
            )
            .describe("The customer's agreements that supply the service point, newest start first"),
        }),
      ),
    }),
  ),
  truncated: z
    .boolean()
    .describe(
      `true when the customer has more than ${maxCustomerPremiseAccounts} accounts or their accounts more than ${maxCustomerPremiseAgreements} agreements; the list then covers the first accounts by number and their newest agreements`,
    ),
});
export type CustomerPremises = z.infer<typeof customerPremisesSchema>;
