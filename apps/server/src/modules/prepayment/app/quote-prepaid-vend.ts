import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import type { PrepaidService } from '../domain/prepaid-service.js';
import type { VendQuote } from '../domain/quote-vend.js';
import { loadSellingLogin } from './agent-float.js';
import { getPrepaidMeter } from './get-prepaid-meter.js';
import type { VendCustomer } from './load-vend-customers.js';
import { loadVendSetting } from './load-vend-setting.js';
import { priceVend, resolveChannel, type VendRequest } from './price-vend.js';

/** A quote with the meter, account, customer and tariff version it was made for. */
export type PrepaidQuote = VendQuote &
  VendCustomer & {
    meterId: string;
    pan: string;
    accountId: string;
    tariffVersionId: string;
    channel: string;
    currency: string;
    service: PrepaidService;
    unit: string;
  };

/**
 * Quotes a purchase without writing anything: the deductions, the units by price block and the free basic
 * units a vend of this amount would give now. The figures are read in one repeatable-read transaction, so
 * they agree with each other. A vend a moment later can still differ, because another vend for the meter
 * may come first.
 */
export async function quotePrepaidVend(
  db: Db,
  context: RequestContext,
  request: VendRequest,
  options: { now?: () => Temporal.Instant } = {},
): Promise<PrepaidQuote> {
  assertPermission(context, 'vending:read');
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  const cashier = await loadSellingLogin(db, context);
  const channel = resolveChannel(context, request.channel, cashier);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const meter = await getPrepaidMeter(trx, context, request.meter, { lock: false });
      const setting = await loadVendSetting(trx, context, meter, at, { lockAccount: false });
      const quote = priceVend(setting, request, channel, at);
      const { customer } = setting;
      return {
        ...quote,
        ...customer,
        meterId: meter.meterId,
        pan: meter.pan,
        accountId: setting.agreement.accountId,
        tariffVersionId: setting.tariffVersionId,
        channel,
        currency: setting.company.currency,
        service: setting.service,
        unit: setting.unit,
      };
    });
}
