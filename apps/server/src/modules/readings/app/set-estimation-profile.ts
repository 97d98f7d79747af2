import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { z } from 'zod';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { EstimationProfile } from '../db/list-estimation-profiles.js';

const dailyQuantity = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected a non-negative decimal with at most 6 decimals, such as "9.5"');

export const setEstimationProfileInput = z.object({
  unit: z.enum(['kWh', 'm3', 'ft3', 'therm', 'gal']),
  name: z.string().trim().min(1).max(100),
  /** Daily use in each calendar month, January first. */
  dailyQuantityByMonth: z.array(dailyQuantity).length(12),
});

/**
 * Sets the company's estimation profile for a register unit: the daily use by calendar month that bill
 * runs estimate from when a service point has no read history. Replaces the unit's earlier profile.
 */
export async function setEstimationProfile(
  db: Db,
  context: RequestContext,
  input: z.input<typeof setEstimationProfileInput>,
): Promise<EstimationProfile> {
  assertPermission(context, 'readings:write');
  const profile = parseInput(setEstimationProfileInput, input, 'READINGS.INVALID_ESTIMATION_PROFILE');
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('readings.estimation_profile')
      .select(['name', 'daily_quantity_by_month'])
      .where('company_id', '=', context.companyId)
      .where('unit', '=', profile.unit)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('readings.estimation_profile')
      .values({
        company_id: context.companyId,
        unit: profile.unit,
        name: profile.name,
        daily_quantity_by_month: profile.dailyQuantityByMonth,
      })
      .onConflict((conflict) =>
        conflict.columns(['company_id', 'unit']).doUpdateSet({
          name: profile.name,
          daily_quantity_by_month: profile.dailyQuantityByMonth,
          updated_at: new Date(),
        }),
      )
      .execute();
    const changes = previous
      ? {
          name: [previous.name, profile.name],
          dailyQuantityByMonth: [previous.daily_quantity_by_month, profile.dailyQuantityByMonth],
        }
      : createdFields({ name: profile.name, dailyQuantityByMonth: profile.dailyQuantityByMonth });
    await recordAudit(trx, context, [
      {
        entityType: 'estimation-profile',
        entityId: profile.unit,
        action: previous ? 'update' : 'create',
        changes,
      },
    ]);
    return profile;
  });
}
