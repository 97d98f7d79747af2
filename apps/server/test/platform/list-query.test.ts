import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateRangesInOrder, listQuerySchema, splitSort } from '../../src/platform/validation/list-query.js';

const schema = listQuerySchema(['name', 'createdAt'], 'name:asc');

function sortOf(input: Record<string, unknown>): string {
  return schema.parse(input).sort;
}

function issuesOf(input: Record<string, unknown>): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('list query', () => {
  it('reads a sort with optional direction', () => {
    expect(sortOf({})).toBe('name:asc');
    expect(sortOf({ sort: 'createdAt' })).toBe('createdAt:asc');
    expect(sortOf({ sort: 'createdAt:asc' })).toBe('createdAt:asc');
    expect(sortOf({ sort: ' createdAt:desc ' })).toBe('createdAt:desc');
  });

  it('parses its own output unchanged', () => {
    const once = schema.parse({ sort: 'createdAt', limit: '5' });
    expect(schema.parse(once)).toEqual(once);
  });

  it('rejects an unknown field', () => {
    expect(issuesOf({ sort: 'email:desc' })).toEqual([
      'unknown sort field "email": use one of createdAt, name',
    ]);
  });

  it('rejects a bad direction or shape', () => {
    for (const sort of ['name:up', 'name:asc:desc', '-name', '']) {
      const messages = issuesOf({ sort });
      expect(messages, sort).toHaveLength(1);
      expect(messages[0], sort).toMatch(/not a valid sort|unknown sort field/);
    }
    expect(issuesOf({ sort: '-name' })[0]).toBe(
      '"-name" is not a valid sort: write name:desc to sort descending',
    );
    expect(issuesOf({ sort: 'name:up' })[0]).toBe(
      '"name:up" is not a valid sort: write field, field:asc or field:desc with a field of createdAt, name',
    );
  });

  it('defaults to a JSON page and accepts csv', () => {
    expect(schema.parse({})).toMatchObject({ format: 'json', limit: 50, offset: 0 });
    expect(schema.parse({ format: 'csv' }).format).toBe('csv');
    expect(schema.safeParse({ format: 'xlsx' }).success).toBe(false);
  });

  it('splits a sort into field and direction', () => {
    expect(splitSort('createdAt:desc')).toEqual({ field: 'createdAt', direction: 'desc' });
  });
});

describe('date ranges in order', () => {
  const ranged = z
    .object({ fromDay: z.string().optional(), toDay: z.string().optional() })
    .superRefine(dateRangesInOrder([['fromDay', 'toDay']]));

  it('accepts an open or ordered range', () => {
    expect(ranged.safeParse({}).success).toBe(true);
    expect(ranged.safeParse({ fromDay: '2026-01-01' }).success).toBe(true);
    expect(ranged.safeParse({ fromDay: '2026-01-01', toDay: '2026-01-01' }).success).toBe(true);
  });

  it('rejects a range that ends before it starts', () => {
    const result = ranged.safeParse({ fromDay: '2026-02-01', toDay: '2026-01-31' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['toDay']);
    expect(result.error?.issues[0]?.message).toBe(
      '2026-01-31 is before fromDay (2026-02-01): toDay must be on or after fromDay',
    );
  });
});
