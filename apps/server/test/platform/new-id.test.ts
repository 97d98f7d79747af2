import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids/new-id.js';

describe('newId', () => {
  it('makes RFC 9562 version 7 ids', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the current time', () => {
    const before = Date.now();
    const id = newId();
    const millis = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('keeps successive ids increasing', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
