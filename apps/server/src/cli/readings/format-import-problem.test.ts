import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../modules/readings/index.js';
import { formatImportProblem } from './format-import-problem.js';

function problem(line: number, message: string): ImportProblem {
  return { code: 'INVALID_VALUE', message, line, column: null, field: 'value', value: 'abc' };
}

describe('formatImportProblem', () => {
  it('says the line once', () => {
    expect(formatImportProblem(problem(1660, 'Line 1660: value "abc" is invalid.'))).toBe(
      'Line 1660: value "abc" is invalid.',
    );
  });

  it('keeps a line named inside the message', () => {
    expect(formatImportProblem(problem(1, 'Unknown column "kw" in the header on line 1.'))).toBe(
      'Unknown column "kw" in the header on line 1.',
    );
  });

  it('adds the line when missing', () => {
    expect(formatImportProblem(problem(12, 'The feed is empty.'))).toBe('Line 12: The feed is empty.');
  });

  it('does not match a longer line number', () => {
    expect(formatImportProblem(problem(16, 'Line 1660: bad.'))).toBe('Line 16: Line 1660: bad.');
  });
});
