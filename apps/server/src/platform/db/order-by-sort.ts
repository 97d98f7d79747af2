import { sql, type SelectQueryBuilder } from 'kysely';
import { splitSort, type SortText } from '../validation/list-query.js';

/**
 * The columns behind each sort field of a list, such as `{ accountNumber: 'a.account_number' }`, and the
 * column that distinguishes its rows. A field may name several columns, which are compared in turn.
 */
export type ListSorting<Field extends string> = {
  columns: Record<Field, string | readonly string[]>;
  uniqueColumn: string;
};

/**
 * Orders a list query by a validated sort, then by the unique column in the same direction. The unique
 * column makes the order total, so offset pages never repeat or skip a row, and descending order is
 * exactly the reverse of ascending. PostgreSQL puts NULLs last ascending and first descending.
 */
export function orderBySort<DB, TB extends keyof DB, O, Field extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: SortText<Field>,
  sorting: ListSorting<Field>,
): SelectQueryBuilder<DB, TB, O> {
  const { field, direction } = splitSort(sort);
  const fieldColumns: readonly string[] = [sorting.columns[field]].flat();
  let ordered = query;
  for (const column of [...fieldColumns, sorting.uniqueColumn]) {
    ordered = ordered.orderBy(sql.ref(column), direction);
  }
  return ordered;
}
