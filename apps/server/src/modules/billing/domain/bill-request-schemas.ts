import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

/** The issue date of the bills a request issues. When it is omitted, the route uses today's date. */
export const issueDateSchema = plainDateSchema
  .optional()
  .describe("Defaults to today in the company's time zone");

/** The body of POST /v1/bill-runs. The web app's bill run form validates with it before sending. */
export const startBillRunBody = z.object({
  billCycleId: z.uuid(),
  cutOffOn: plainDateSchema,
  issueBills: z.boolean().default(true),
  issueDate: issueDateSchema,
});
