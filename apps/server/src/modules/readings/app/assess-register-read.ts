import { explainInvalidDate } from '@open-cis/rating';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { invalidInput, ruleViolation } from '../../../platform/errors/app-error.js';
import { computeRegisterConsumption } from '../domain/compute-register-consumption.js';
import type { NeighbourRead } from '../db/neighbour-reads.js';
import type { ReadableRegister } from '../db/find-register.js';

const decimalText = /^\d+(\.\d{1,6})?$/;

/** Checks a read date written as YYYY-MM-DD and returns it in canonical form. */
export function assertReadDate(text: string, path = 'readOn'): string {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Temporal.PlainDate.from(text).toString();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  throw invalidInput('READINGS.INVALID_READ', `${path}: ${explainInvalidDate(text)}.`, [
    { path, message: 'expected a date as YYYY-MM-DD' },
  ]);
}

/**
 * Rejects a read dated after `today` (the company's local date). Stored as actual, such a read would be
 * the latest read of the register, and every real read after it would then be flagged as going backwards.
 */
export function assertReadNotInFuture(readOn: string, today: Temporal.PlainDate, path = 'readOn'): void {
  if (Temporal.PlainDate.compare(Temporal.PlainDate.from(readOn), today) <= 0) return;
  throw ruleViolation(
    'READINGS.READ_IN_FUTURE',
    `${path} ${readOn} is after today (${today.toString()} in the company's time zone); a read cannot be taken in the future, so check the date.`,
    [{ path, message: `expected a date on or before ${today.toString()}` }],
  );
}

/**
 * Checks a read value against the register: a decimal ≥ 0 with at most 6 decimals whose whole part fits
 * the register's dials (a 5-dial register shows 0 to 99999). Returns the value as a canonical decimal.
 */
export function assertReadValue(text: string, register: ReadableRegister, path = 'value'): string {
  const trimmed = text.trim();
  if (!decimalText.test(trimmed)) {
    throw invalidInput(
      'READINGS.INVALID_READ',
      `${path} "${text}" is invalid; expected a number ≥ 0 with at most 6 decimals, such as 01234.5.`,
      [{ path, message: 'expected a decimal number ≥ 0 with at most 6 decimals' }],
    );
  }
  const value = new Decimal(trimmed);
  const wholeDigits = value.truncated().toFixed(0).length;
  if (wholeDigits > register.dials) {
    throw invalidInput(
      'READINGS.INVALID_READ',
      `${path} ${value.toString()} does not fit register ${register.code} of meter ${register.meterSerial}, which has ${register.dials} dials (at most ${new Decimal(10).pow(register.dials).minus(1).toString()}); check the read or the register.`,
      [{ path, message: `expected at most ${register.dials} digits before the decimal point` }],
    );
  }
  return value.toString();
}

export type ReadAssessment = { status: 'valid' | 'suspect'; statusReason: string | null };

/**
 * Marks a read suspect when the register went backwards between it and the valid read before it, or
 * between it and the valid read after it. A drop the register's dials explain as a rollover is valid.
 */
export function assessAgainstNeighbours(
  register: ReadableRegister,
  readOn: string,
  value: string,
  neighbours: { previous: NeighbourRead | undefined; next: NeighbourRead | undefined },
): ReadAssessment {
  const spec = { dials: register.dials, multiplier: new Decimal(register.multiplier) };
  const { previous, next } = neighbours;
  if (previous) {
    const consumption = computeRegisterConsumption([
      {
        meterId: register.meterId,
        register: spec,
        startRead: new Decimal(previous.value),
        endRead: new Decimal(value),
      },
    ]);
    if (consumption.kind === 'backwards') {
      return {
        status: 'suspect',
        statusReason: `backwards: ${value} on ${readOn} is ${consumption.dialUnitsBack.toString()} below the read ${previous.value} of ${previous.readOn}, too far for a rollover of ${register.dials} dials`,
      };
    }
  }
  if (next) {
    const consumption = computeRegisterConsumption([
      {
        meterId: register.meterId,
        register: spec,
        startRead: new Decimal(value),
        endRead: new Decimal(next.value),
      },
    ]);
    if (consumption.kind === 'backwards') {
      return {
        status: 'suspect',
        statusReason: `backwards: ${value} on ${readOn} is ${consumption.dialUnitsBack.toString()} above the later read ${next.value} of ${next.readOn}, too far for a rollover of ${register.dials} dials`,
      };
    }
  }
  return { status: 'valid', statusReason: null };
}
