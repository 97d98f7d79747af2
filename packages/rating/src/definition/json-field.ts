import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { explainInvalidDate } from './explain-invalid-date.js';
import { TariffError } from '../tariff-error.js';

/** A value from a JSON document with the path it was read from, so every error can name its field. */
export type JsonField = { path: string; value: unknown };

export function field(parent: JsonField, key: string | number): JsonField {
  const record = parent.value as Record<string | number, unknown> | unknown[];
  const value = Array.isArray(record) ? record[key as number] : (record as Record<string, unknown>)[key];
  const path =
    typeof key === 'number' ? `${parent.path}[${key}]` : parent.path ? `${parent.path}.${key}` : key;
  return { path, value };
}

export function readObject(node: JsonField): JsonField {
  if (typeof node.value !== 'object' || node.value === null || Array.isArray(node.value)) {
    throw new TariffError(node.path, node.value, 'expected an object');
  }
  return node;
}

export function readArray(node: JsonField): JsonField[] {
  if (!Array.isArray(node.value)) throw new TariffError(node.path, node.value, 'expected an array');
  return node.value.map((_, index) => field(node, index));
}

export function readString(node: JsonField): string {
  if (typeof node.value !== 'string' || node.value.length === 0) {
    throw new TariffError(node.path, node.value, 'expected a non-empty string');
  }
  return node.value;
}

export function readOptional<T>(node: JsonField, read: (node: JsonField) => T): T | undefined {
  return node.value === undefined || node.value === null ? undefined : read(node);
}

export function readChoice<T extends string>(node: JsonField, choices: readonly T[]): T {
  if (!choices.includes(node.value as T)) {
    throw new TariffError(node.path, node.value, `expected one of ${choices.join(', ')}`);
  }
  return node.value as T;
}

/** Reads a decimal written as a string (our documents) or a JSON number (imported documents). */
export function readDecimal(node: JsonField): Decimal {
  const { value } = node;
  if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && isFinite(value))) {
    try {
      return new Decimal(value);
    } catch {
      // Falls through to the error below, which names the field.
    }
  }
  throw new TariffError(node.path, value, 'expected a decimal number');
}

export function readNonNegativeDecimal(node: JsonField): Decimal {
  const value = readDecimal(node);
  if (value.isNegative()) throw new TariffError(node.path, node.value, 'expected zero or more');
  return value;
}

/** Reads an integer index; URDB documents sometimes write them as floats such as `1.0`. */
export function readInteger(node: JsonField, min: number, max: number): number {
  const { value } = node;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TariffError(node.path, value, `expected an integer from ${min} to ${max}`);
  }
  return value;
}

export function readPlainDate(node: JsonField): Temporal.PlainDate {
  const text = readString(node);
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new RangeError(text);
    return Temporal.PlainDate.from(text, { overflow: 'reject' });
  } catch {
    const inDateForm = /^\d{4}-\d{2}-\d{2}$/.test(text);
    throw new TariffError(
      node.path,
      node.value,
      inDateForm ? explainInvalidDate(text) : 'expected a date as YYYY-MM-DD',
    );
  }
}

/** Reads a [12 months][24 hours] matrix of period numbers. */
export function readPeriodMatrix(node: JsonField): number[][] {
  const months = readArray(node);
  if (months.length !== 12) throw new TariffError(node.path, node.value, 'expected 12 rows, one per month');
  return months.map((month) => {
    const hours = readArray(month);
    if (hours.length !== 24) throw new TariffError(month.path, month.value, 'expected 24 hourly entries');
    return hours.map((hour) => readInteger(hour, 0, 255));
  });
}
