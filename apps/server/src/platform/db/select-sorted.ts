import { sql, type SelectQueryBuilder } from 'kysely';
import type { SortText } from '../validation/list-query.js';
import { orderBySort, type ListSorting } from './order-by-sort.js';

/**
 * Reads one page of a filtered list query in sort order, with `select` choosing the columns, and counts
 * every row the filters match.
 */
export async function selectSortedPage<DB, TB extends keyof DB, Filtered, Selected, Field extends string>(
  filtered: SelectQueryBuilder<DB, TB, Filtered>,
  select: (query: SelectQueryBuilder<DB, TB, Filtered>) => SelectQueryBuilder<DB, TB, Selected>,
  sort: SortText<Field>,
  sorting: ListSorting<Field>,
  page: { limit: number; offset: number },
): Promise<{ rows: Selected[]; total: number }> {
  const rows = await orderBySort(select(filtered), sort, sorting)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  // $castTo names the output type, which TypeScript cannot work out for a query of generic tables.
  const { total } = await filtered
    .select(sql<string>`count(*)`.as('total'))
    .$castTo<{ total: string }>()
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/** Reads the unique column of a filtered list query in sort order, at most `limit` values. */
export async function selectSortedIds<DB, TB extends keyof DB, Filtered, Field extends string>(
  filtered: SelectQueryBuilder<DB, TB, Filtered>,
  sort: SortText<Field>,
  sorting: ListSorting<Field>,
  limit: number,
): Promise<string[]> {
  const query = filtered
    .select(sql<string>`${sql.ref(sorting.uniqueColumn)}`.as('list_id'))
    .$castTo<{ list_id: string }>();
  const rows = await orderBySort(query, sort, sorting).limit(limit).execute();
  return rows.map((row) => row.list_id);
}
