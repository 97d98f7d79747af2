import { reject, type Rejection, type RejectionCode } from '../rejection.js';

/** A JSON record in the format of the STS vector files: any object with string keys. */
export type TokenRecord = Record<string, unknown>;

/**
 * Reads the fields of one record and collects a rejection for each field that is missing or malformed, so
 * that one pass reports every problem. `prefix` names the enclosing object in messages (`keyChange.newKey.`).
 */
export class RecordReader {
  constructor(
    private readonly record: TokenRecord,
    readonly rejections: Rejection[] = [],
    private readonly prefix = '',
  ) {}

  /** Returns a reader for a nested object that shares these rejections, or undefined when the field is absent. */
  nested(field: string, required: boolean): RecordReader | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) {
      if (required) this.missing(field, 'an object');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.invalid('invalid-field', field, value, 'must be a JSON object');
      return undefined;
    }
    return new RecordReader(value as TokenRecord, this.rejections, `${this.prefix}${field}.`);
  }

  /** Returns the raw value, reading null and absence both as undefined. */
  raw(field: string): unknown {
    const value = this.record[field];
    return value === null ? undefined : value;
  }

  has(field: string): boolean {
    return this.raw(field) !== undefined;
  }

  /** Reads a string that matches `pattern`; `expected` describes the format in messages. */
  string(
    field: string,
    pattern: RegExp,
    expected: string,
    required = true,
    code: RejectionCode = 'invalid-field',
  ): string | undefined {
    const value = this.raw(field);
    if (value === undefined) {
      if (required) this.missing(field, expected);
      return undefined;
    }
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.invalid(code, field, value, `must be ${expected}`);
      return undefined;
    }
    return value;
  }

  /** Reads an integer from `min` to `max`. */
  integer(field: string, min: number, max: number, required = true): number | undefined {
    const value = this.raw(field);
    if (value === undefined) {
      if (required) this.missing(field, `an integer from ${min} to ${max}`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.invalid('invalid-field', field, value, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  /** Reads any integer, for fields whose range the engine checks with its own rejection code (RND, TID). */
  anyInteger(field: string, required = true): number | undefined {
    const value = this.raw(field);
    if (value === undefined) {
      if (required) this.missing(field, 'an integer');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.invalid('invalid-field', field, value, 'must be an integer');
      return undefined;
    }
    return value;
  }

  /** Reads one of the listed string values. */
  choice<Value extends string>(field: string, values: readonly Value[], required = true): Value | undefined {
    const value = this.raw(field);
    const expected = `one of ${values.map((v) => `"${v}"`).join(', ')}`;
    if (value === undefined) {
      if (required) this.missing(field, expected);
      return undefined;
    }
    if (typeof value !== 'string' || !values.includes(value as Value)) {
      this.invalid('invalid-field', field, value, `must be ${expected}`);
      return undefined;
    }
    return value as Value;
  }

  boolean(field: string, required = true): boolean | undefined {
    const value = this.raw(field);
    if (value === undefined) {
      if (required) this.missing(field, 'true or false');
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.invalid('invalid-field', field, value, 'must be true or false');
      return undefined;
    }
    return value;
  }

  missing(field: string, expected: string, neededFor = ''): void {
    this.rejections.push(
      reject(
        'missing-field',
        this.name(field),
        undefined,
        `Field ${this.name(field)} is missing${neededFor}; give ${expected}.`,
      ),
    );
  }

  /** Records a rejection for a value; `problem` completes "Field f is V: …". */
  invalid(code: RejectionCode, field: string, value: unknown, problem: string): void {
    this.rejections.push(
      reject(
        code,
        this.name(field),
        value,
        `Field ${this.name(field)} is ${describeValue(value)}: ${problem}.`,
      ),
    );
  }

  /** Returns the field's name with the enclosing objects, as messages print it. */
  name(field: string): string {
    return `${this.prefix}${field}`;
  }
}

/** Renders a value as short JSON for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return value.toString();
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
