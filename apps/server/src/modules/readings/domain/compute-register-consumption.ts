import { Decimal } from 'decimal.js';

/** A register as the meter shows it: whole dials (digits before any decimal point) and its multiplier. */
export type RegisterSpec = { dials: number; multiplier: Decimal };

/**
 * The reads of one meter within a read period. After a meter exchange a period has two spans: the old
 * meter from the previous read to its removal read, and the new meter from its install read to the current read.
 */
export type MeterSpan = { meterId: string; register: RegisterSpec; startRead: Decimal; endRead: Decimal };

export type SpanConsumption = {
  meterId: string;
  startRead: Decimal;
  endRead: Decimal;
  rolledOver: boolean;
  /** Advance of the dials, before the multiplier. */
  dialUnits: Decimal;
  /** Billed quantity: dialUnits × multiplier. */
  quantity: Decimal;
};

export type RegisterConsumption =
  | { kind: 'measured'; quantity: Decimal; spans: SpanConsumption[] }
  | {
      kind: 'backwards';
      meterId: string;
      startRead: Decimal;
      endRead: Decimal;
      /** How far the dials went back, in dial units. */
      dialUnitsBack: Decimal;
      spans: SpanConsumption[];
    };

/**
 * Computes the consumption of a read period from register reads, summed across the meters of a meter
 * exchange. A read lower than the one before is a rollover past the dial capacity (10^dials) only when the
 * use this implies is less than half the capacity. A larger implied use is far less likely than a misread,
 * a swapped meter or a reversed register, so the period comes back as `backwards` and is never billed as
 * negative or as a near-full turn of the dials. Throws a RangeError for reads outside the dials.
 */
export function computeRegisterConsumption(spans: readonly MeterSpan[]): RegisterConsumption {
  if (spans.length === 0) {
    throw new RangeError('At least one meter span is required to compute register consumption.');
  }

  const measured: SpanConsumption[] = [];
  for (const span of spans) {
    const { register, startRead, endRead, meterId } = span;
    const capacity = dialCapacity(register, meterId);
    assertRead(startRead, capacity, meterId, 'start');
    assertRead(endRead, capacity, meterId, 'end');

    const advance = endRead.minus(startRead);
    if (advance.isNegative()) {
      const wrapped = advance.plus(capacity);
      if (wrapped.greaterThanOrEqualTo(capacity.div(2))) {
        return {
          kind: 'backwards',
          meterId,
          startRead,
          endRead,
          dialUnitsBack: advance.negated(),
          spans: measured,
        };
      }
      measured.push({
        meterId,
        startRead,
        endRead,
        rolledOver: true,
        dialUnits: wrapped,
        quantity: wrapped.times(register.multiplier),
      });
      continue;
    }
    measured.push({
      meterId,
      startRead,
      endRead,
      rolledOver: false,
      dialUnits: advance,
      quantity: advance.times(register.multiplier),
    });
  }

  const quantity = measured.reduce((total, span) => total.plus(span.quantity), new Decimal(0));
  return { kind: 'measured', quantity, spans: measured };
}

/** Returns 10^dials, the first value a register cannot show. */
export function dialCapacity(register: RegisterSpec, meterId: string): Decimal {
  if (!Number.isInteger(register.dials) || register.dials < 1 || register.dials > 15) {
    throw new RangeError(
      `Meter ${meterId} has ${register.dials} dials; expected a whole number from 1 to 15.`,
    );
  }
  if (!register.multiplier.isPositive() || register.multiplier.isZero()) {
    throw new RangeError(
      `Meter ${meterId} has multiplier ${register.multiplier.toString()}; expected a number greater than 0.`,
    );
  }
  return new Decimal(10).pow(register.dials);
}

function assertRead(read: Decimal, capacity: Decimal, meterId: string, readKind: 'start' | 'end'): void {
  if (read.isNegative() || read.greaterThanOrEqualTo(capacity)) {
    throw new RangeError(
      `Meter ${meterId} ${readKind} read ${read.toString()} does not fit its dials; expected 0 up to ${capacity.minus(1).toString()}.`,
    );
  }
}
