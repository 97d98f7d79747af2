import { randomInt } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { chooseNextTid, computeMinutesSinceBaseDate, type Rejection, type TokenIssuer } from '@open-cis/sts';
import type { Temporal } from 'temporal-polyfill';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import type { VendQuote } from '../domain/quote-vend.js';
import type { VendToken } from '../domain/vend.js';

/**
 * Issues the tokens of a quoted vend in entry order: the credit token, then the free basic units token
 * when one is due. Each takes the next TID after the meter's last one (see chooseNextTid), so the caller
 * must hold the meter's row lock and store the returned `lastTid` in the same transaction.
 */
export async function issueVendTokens(
  issuer: TokenIssuer | undefined,
  meter: PrepaidMeter,
  quote: VendQuote,
  at: Temporal.Instant,
): Promise<{ tokens: VendToken[]; lastTid: number }> {
  if (!issuer) {
    throw ruleViolation(
      'PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED',
      'This server has no STS token issuer: set STS_VENDING_KEYS_FILE (or STS_VENDING_KEYS) to the vending keys, or STS_TOKEN_ISSUER=hsm, and restart it.',
    );
  }
  const grants: { purpose: VendToken['purpose']; units: string }[] = [
    { purpose: 'credit', units: quote.units },
  ];
  if (!new Decimal(quote.freeUnits).isZero()) grants.push({ purpose: 'free-units', units: quote.freeUnits });

  const minutes = computeMinutesSinceBaseDate(at, meter.key.baseDate);
  const tokens: VendToken[] = [];
  let lastTid = meter.lastTid ?? undefined;
  for (const grant of grants) {
    const tid = chooseNextTid(minutes, lastTid);
    if (tid === undefined) {
      throw ruleViolation(
        'PREPAYMENT.TID_RANGE_EXHAUSTED',
        `Meter ${meter.pan} has no TID left under base date ${meter.key.baseDate}: it needs a TID rollover key change to the next base date before it can take credit.`,
      );
    }
    // Electricity credit tokens carry tenths of a kWh.
    const amount = BigInt(new Decimal(grant.units).times(10).toFixed(0));
    const result = await issuer.issueToken(
      { pan: meter.pan, key: meter.key },
      { type: 'TransferElectricityCredit', rnd: randomInt(16), tid, amount },
    );
    if (result.kind === 'rejected') throw tokenRejected(meter, grant.purpose, result.rejections);
    tokens.push({
      position: tokens.length + 1,
      purpose: grant.purpose,
      tokenType: 'TransferElectricityCredit',
      token: result.token,
      tid,
      baseDate: meter.key.baseDate,
      units: grant.units,
    });
    lastTid = tid;
  }
  return { tokens, lastTid: lastTid! };
}

function tokenRejected(meter: PrepaidMeter, purpose: string, rejections: Rejection[]) {
  const reasons = rejections.map((rejection) => rejection.message).join(' ');
  return ruleViolation(
    'PREPAYMENT.TOKEN_REJECTED',
    `The ${purpose} token for meter ${meter.pan} was rejected: ${reasons}`,
    rejections.map((rejection) => ({
      path: rejection.field === 'amount' ? 'amountMinor' : `meter.${rejection.field}`,
      message: rejection.message,
    })),
  );
}
