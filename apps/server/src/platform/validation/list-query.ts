import { z } from 'zod';
import { pageQuerySchema } from './page.js';

export type SortDirection = 'asc' | 'desc';

/** A validated `sort` parameter, always written `field:direction`. */
export type SortText<Field extends string> = `${Field}:${SortDirection}`;

export type Sort<Field extends string> = { field: Field; direction: SortDirection };

/** Output formats of a list: one JSON page, or every matching row as CSV. */
export const listFormats = ['json', 'csv'] as const;
export type ListFormat = (typeof listFormats)[number];

/**
 * Builds the `sort` query parameter of a list: `field` or `field:asc` sorts ascending, `field:desc`
 * descending. Only the given fields are accepted. A valid value comes out as `field:direction`, so that
 * parsing the output again returns the same value.
 */
export function sortParameter<const Field extends string>(
  fields: readonly [Field, ...Field[]],
  defaultSort: SortText<Field>,
) {
  const allowed = [...fields].sort().join(', ');
  return z
    .string()
    .trim()
    .default(defaultSort)
    .transform((text, context): SortText<Field> => {
      const problem = findSortProblem(text, fields, allowed);
      if (problem !== undefined) {
        context.issues.push({ code: 'custom', input: text, message: problem });
        return z.NEVER;
      }
      const [field, direction = 'asc'] = text.split(':');
      return `${field as Field}:${direction as SortDirection}`;
    })
    .describe(
      `Sort field and direction, such as ${defaultSort}: field (ascending), field:asc or field:desc. Fields: ${allowed}. Rows with the same value keep a fixed order by id, and empty values come last ascending, first descending. Default ${defaultSort}.`,
    );
}

/** Returns what is wrong with a sort parameter, or undefined when it names an allowed field and direction. */
function findSortProblem(text: string, fields: readonly string[], allowed: string): string | undefined {
  const [field = '', direction = 'asc', ...rest] = text.split(':');
  if (rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
    return `"${text}" is not a valid sort: write field, field:asc or field:desc with a field of ${allowed}`;
  }
  if (field.startsWith('-') && !text.includes(':')) {
    return `"${text}" is not a valid sort: write ${field.slice(1)}:desc to sort descending`;
  }
  if (!fields.includes(field)) return `unknown sort field "${field}": use one of ${allowed}`;
  return undefined;
}

/** Splits a validated `field:direction` sort into its parts. */
export function splitSort<Field extends string>(sort: SortText<Field>): Sort<Field> {
  const separator = sort.lastIndexOf(':');
  return {
    field: sort.slice(0, separator) as Field,
    direction: sort.slice(separator + 1) as SortDirection,
  };
}

/**
 * Query parameters every list shares: `limit` and `offset` for a JSON page, `sort` over the given fields,
 * and `format=csv` for a CSV file of every matching row (limit and offset then do not apply) with the
 * columns that `columns` names.
 */
export function listQuerySchema<const Field extends string>(
  fields: readonly [Field, ...Field[]],
  defaultSort: SortText<Field>,
) {
  return pageQuerySchema.extend({
    sort: sortParameter(fields, defaultSort),
    format: z
      .enum(listFormats)
      .default('json')
      .describe(
        'json returns one page; csv returns every row that matches the filters as a CSV file (text/csv), ignoring limit and offset',
      ),
    columns: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        'With format=csv: the CSV columns to write, by header, comma-separated and in file order, such as id,displayName. Default: every column. JSON pages ignore it.',
      ),
  });
}

/**
 * Checks that each `[from, to]` pair of optional date filters is in order, so that `receivedOnFrom` after
 * `receivedOnTo` is rejected instead of matching nothing. Both ends of a range are inclusive.
 */
export function dateRangesInOrder<Query extends Record<string, unknown>>(
  pairs: readonly (readonly [from: keyof Query & string, to: keyof Query & string])[],
) {
  return (query: Query, context: z.RefinementCtx): void => {
    for (const [fromKey, toKey] of pairs) {
      const from = query[fromKey];
      const to = query[toKey];
      if (typeof from === 'string' && typeof to === 'string' && from > to) {
        context.addIssue({
          code: 'custom',
          path: [toKey],
          input: to,
          message: `${to} is before ${fromKey} (${from}): ${toKey} must be on or after ${fromKey}`,
        });
      }
    }
  };
}
