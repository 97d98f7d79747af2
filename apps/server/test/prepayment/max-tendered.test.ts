import { describe, expect, it } from 'vitest';
import {
  computeCommission,
  maxTenderedWithin,
  type CommissionRule,
} from '../../src/modules/prepayment/domain/vending-agent.js';

const percent = (value: string): CommissionRule => ({
  id: 'rule',
  agentId: 'agent',
  channel: null,
  method: 'percent',
  percent: value,
  amountMinor: null,
});
const fixed = (amount: bigint): CommissionRule => ({
  id: 'rule',
  agentId: 'agent',
  channel: null,
  method: 'fixed',
  percent: null,
  amountMinor: amount,
});

describe('maxTenderedWithin', () => {
  const rules = [undefined, percent('2.5'), percent('2'), percent('33.333333'), fixed(50n)];
  const floats = [0n, 1n, 99n, 1500n, 45125n, 48050n, 1_000_000_007n];

  it.each(rules.flatMap((rule) => floats.map((available) => [rule, available] as const)))(
    'fits the float exactly (%o, %s)',
    (rule, available) => {
      const draw = (tendered: bigint) => tendered - computeCommission(rule, tendered, 'half-up');
      const most = maxTenderedWithin(available, rule, 'half-up');
      expect(draw(most) <= available).toBe(true);
      if (available > 0n) expect(draw(most + 1n) > available).toBe(true);
    },
  );

  it('lets a 2.5 % agent sell more than its float', () => {
    expect(maxTenderedWithin(48050n, percent('2.5'), 'half-up')).toBe(49282n);
  });
});
