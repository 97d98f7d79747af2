import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/platform/errors/app-error.js';
import { describeInvalidDate } from '../../src/platform/validation/describe-invalid-date.js';
import { parseInput } from '../../src/platform/validation/parse-input.js';
import { plainDateSchema } from '../../src/platform/validation/plain-date-schema.js';

function parseError(schema: z.ZodType, input: unknown): AppError {
  try {
    parseInput(schema, input, 'TEST.INVALID');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('parseInput accepted invalid input');
}

describe('describeInvalidDate', () => {
  it.each([
    ['2026-02-30', '2026-02-30 is not a valid date: February 2026 has 28 days'],
    ['2024-02-30', '2024-02-30 is not a valid date: February 2024 has 29 days'],
    ['2026-04-31', '2026-04-31 is not a valid date: April 2026 has 30 days'],
    ['2026-01-00', '2026-01-00 is not a valid date: there is no day 0'],
    ['2026-13-01', '2026-13-01 is not a valid date: there is no month 13'],
    ['2026-2-3', '"2026-2-3" is not a date; write it as YYYY-MM-DD'],
    ['03/02/2026', '"03/02/2026" is not a date; write it as YYYY-MM-DD'],
  ])('%s', (value, message) => {
    expect(describeInvalidDate(value)).toBe(message);
  });

  it('accepts real dates', () => {
    expect(describeInvalidDate('2024-02-29')).toBeUndefined();
    expect(describeInvalidDate('2026-12-31')).toBeUndefined();
  });
});

describe('plainDateSchema', () => {
  it('names the value of an impossible day', () => {
    const result = plainDateSchema.safeParse('2026-02-30');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('February 2026 has 28 days');
  });

  it('documents itself as format date', () => {
    expect(z.toJSONSchema(plainDateSchema)).toMatchObject({ type: 'string', format: 'date' });
  });
});

describe('parseInput messages', () => {
  const schema = z.object({ reason: z.string(), startOn: z.iso.date(), count: z.number() });

  it('calls an absent field missing', () => {
    const error = parseError(schema, { startOn: '2026-01-01', count: 1 });
    expect(error.fields).toEqual([
      { path: 'reason', message: 'missing', code: 'invalid_type', params: { missing: true } },
    ]);
    expect(error.message).toBe('Invalid input: reason: missing.');
  });

  it('names the value of a bad date once', () => {
    const error = parseError(schema, { reason: 'x', startOn: '2026-02-30', count: 1 });
    expect(error.fields).toEqual([
      {
        path: 'startOn',
        message: '2026-02-30 is not a valid date: February 2026 has 28 days',
        code: 'invalid_format',
        params: { format: 'date', input: '2026-02-30' },
      },
    ]);
  });

  it('keeps the value on other issues', () => {
    const error = parseError(schema, { reason: 'x', startOn: '2026-01-01', count: 'two' });
    expect(error.fields[0]?.message).toContain('(value: "two")');
  });
});
