import { randomInt } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { chooseNextTid, computeMinutesSinceBaseDate, type Rejection, type TokenIssuer } from '@open-cis/sts';
import type { Temporal } from 'temporal-polyfill';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import { creditTokenOfService } from '../domain/prepaid-service.js';
import type { VendQuote } from '../domain/quote-vend.js';
import type { VendToken } from '../domain/vend.js';

/**
 * Issues the tokens of a quoted vend in entry order. A meter with a pending key gets the key change tokens
 * first, under its current key, and the other tokens under the new key (`keyChanged` is then true). Then
 * come the credit token and the free basic units token when one is due, both of the meter's service
 * (TransferElectricityCredit, TransferWaterCredit or TransferGasCredit).
 * Each takes the next TID after the meter's last one under the key's base date (see chooseNextTid), and a
 * rollover to a new base date starts afresh. So the caller must hold the meter's row lock and store what
 * this returns in the same transaction.
 */
export async function issueVendTokens(
  issuer: TokenIssuer | undefined,
  meter: PrepaidMeter,
  quote: VendQuote,
  at: Temporal.Instant,
  options: { lastTidUnderPendingBaseDate?: number | null } = {},
): Promise<{ tokens: VendToken[]; lastTid: number; keyChanged: boolean }> {
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

  const tokens: VendToken[] = [];
  const { pendingKey } = meter;
  if (pendingKey !== null) {
    const rollover = pendingKey.baseDate !== meter.key.baseDate;
    const change = await issuer.issueKeyChange({ pan: meter.pan, key: meter.key }, pendingKey, { rollover });
    if (change.kind === 'rejected') throw tokenRejected(meter, 'key change', change.rejections);
    for (const [index, issued] of change.tokens.entries()) {
      tokens.push({
        position: tokens.length + 1,
        purpose: 'key-change',
        tokenType: `KeyChange${index + 1}of${change.tokens.length}`,
        token: issued.token,
        tid: null,
        baseDate: pendingKey.baseDate,
        units: '0.0', // as numeric(14, 1) reads back, so a retry returns the same text
      });
    }
  }
  const key = pendingKey ?? meter.key;
  const { tokenType } = creditTokenOfService[meter.service];
  const minutes = computeMinutesSinceBaseDate(at, key.baseDate);
  // A rollover to a new base date clears the meter's TID memory, so its TIDs start afresh, after any that
  // reversed vends took under that base date.
  let lastTid =
    (key.baseDate === meter.key.baseDate ? meter.lastTid : options.lastTidUnderPendingBaseDate) ?? undefined;
  for (const grant of grants) {
    const tid = chooseNextTid(minutes, lastTid);
    if (tid === undefined) {
      throw ruleViolation(
        'PREPAYMENT.TID_RANGE_EXHAUSTED',
        `Meter ${meter.pan} has no TID left under base date ${key.baseDate}: it needs a TID rollover key change to the next base date before it can take credit.`,
      );
    }
    // Credit tokens carry tenths of their service's unit: kWh for electricity, m³ for water and gas.
    const amount = BigInt(new Decimal(grant.units).times(10).toFixed(0));
    const result = await issuer.issueToken(
      { pan: meter.pan, key },
      { type: tokenType, rnd: randomInt(16), tid, amount },
    );
    if (result.kind === 'rejected') throw tokenRejected(meter, grant.purpose, result.rejections);
    tokens.push({
      position: tokens.length + 1,
      purpose: grant.purpose,
      tokenType,
      token: result.token,
      tid,
      baseDate: key.baseDate,
      units: grant.units,
    });
    lastTid = tid;
  }
  return { tokens, lastTid: lastTid!, keyChanged: pendingKey !== null };
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
