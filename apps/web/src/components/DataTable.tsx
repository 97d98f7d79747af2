import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Pagination,
  Popover,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, apiUrl } from '../api/client.js';
import type { Page } from '../api/types.js';
import { EmptyState, ErrorState, LoadingState } from './states.js';

export type Column<T> = {
  id: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort field for this column; columns without one do not sort. */
  sortField?: string;
  align?: 'left' | 'right';
  /** Hidden until the user shows it. */
  hiddenByDefault?: boolean;
  /**
   * Headers of the API's CSV columns that export this column, such as periodStart and periodEnd for a
   * period. When some column of a table has them, the CSV contains the visible columns that have them, in
   * the table's order. Otherwise it contains every column the API writes.
   */
  csvColumns?: readonly string[];
};

export type Filter = {
  name: string;
  label: string;
  kind: 'text' | 'select' | 'date';
  options?: { value: string; label: string }[];
};

export type TableQuery = {
  limit: number;
  offset: number;
  sort: string | undefined;
  filters: Record<string, string>;
};

type DataTableProps<T> = {
  /** Names the table's API resource in the query cache. */
  resource: string;
  /** The API path of the list, such as /v1/customers; the table adds paging, sort and filters. */
  path: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filters?: Filter[];
  defaultSort?: string;
  /** Fixed query values that are not filters the user changes, such as the customer of an account list. */
  fixedQuery?: Record<string, string>;
  /** Whether the API can export the same query as CSV. */
  csv?: boolean;
  caption: string;
};

const pageSizes = ['10', '25', '50', '100'];

/**
 * Renders a table that sorts, filters and pages on the server, hides and reorders columns, and exports
 * CSV. Its whole state is in the URL, so a link shares the view and the back button undoes a change.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const size = Number(params.get('size') ?? '25');
  const pageNumber = Math.max(1, Number(params.get('page') ?? '1'));
  const sort = params.get('sort') ?? props.defaultSort;
  const hidden = new Set(
    params.get('hide')?.split(',') ??
      props.columns.filter((column) => column.hiddenByDefault).map((c) => c.id),
  );
  const order = orderedColumns(props.columns, params.get('order'));
  const visible = order.filter((column) => !hidden.has(column.id));
  const filters = Object.fromEntries(
    (props.filters ?? []).map((filter) => [filter.name, params.get(`f.${filter.name}`) ?? '']),
  );
  const query: Record<string, string | number | undefined> = {
    ...props.fixedQuery,
    ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')),
    limit: size,
    offset: (pageNumber - 1) * size,
    sort,
  };

  const page = useQuery({
    queryKey: [props.resource, props.path, query],
    queryFn: ({ signal }) => api<Page<T>>(props.path, { query, signal }),
    placeholderData: keepPreviousData,
  });

  // Every change starts from the address bar as it is now. react-router hands a functional update the
  // parameters of the last render, so two quick changes (the second before the first re-rendered) would
  // otherwise lose the first.
  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: false });
  }

  const setFilter = useDebouncedCallback((name: string, value: string) => {
    update({ [`f.${name}`]: value, page: null });
  }, 300);
  // Read when called: the debouncer swaps its cancel function on every call.
  const cancelFilterChange = useCallback(() => setFilter.cancel(), [setFilter]);

  function toggleSort(field: string) {
    const [currentField, direction] = (sort ?? '').split(':');
    const next = currentField === field && direction === 'asc' ? `${field}:desc` : `${field}:asc`;
    update({ sort: next, page: null });
  }

  function move(columnId: string, step: -1 | 1) {
    const current = new URLSearchParams(window.location.search);
    const ids = orderedColumns(props.columns, current.get('order')).map((column) => column.id);
    const index = ids.indexOf(columnId);
    const target = index + step;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target] as string, ids[index] as string];
    update({ order: ids.join(',') });
  }

  function toggleColumn(columnId: string) {
    const current = new URLSearchParams(window.location.search);
    const hiddenNow = new Set(
      current.get('hide')?.split(',') ??
        props.columns.filter((column) => column.hiddenByDefault).map((column) => column.id),
    );
    if (hiddenNow.has(columnId)) hiddenNow.delete(columnId);
    else hiddenNow.add(columnId);
    update({ hide: [...hiddenNow].join(',') || '-' });
  }

  const total = page.data?.total ?? 0;
  const first = total === 0 ? 0 : (pageNumber - 1) * size + 1;
  const last = Math.min(pageNumber * size, total);
  const lastPage = Math.max(1, Math.ceil(total / size));
  const isPastLastPage = page.data !== undefined && total > 0 && first > total;
  const csvColumns = props.columns.some((column) => column.csvColumns)
    ? visible.flatMap((column) => column.csvColumns ?? []).join(',')
    : undefined;
  const csvHref = apiUrl(props.path, {
    ...query,
    limit: undefined,
    offset: undefined,
    format: 'csv',
    columns: csvColumns,
  });
  const [sortedField = '', sortDirection] = (sort ?? '').split(':');
  const sortedColumn = props.columns.find((column) => column.sortField === sortedField);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          {(props.filters ?? []).map((filter) =>
            filter.kind === 'select' ? (
              <NativeSelect
                key={filter.name}
                label={filter.label}
                value={filters[filter.name]}
                data={[{ value: '', label: '—' }, ...(filter.options ?? [])]}
                onChange={(event) => update({ [`f.${filter.name}`]: event.currentTarget.value, page: null })}
              />
            ) : (
              <FilterInput
                key={filter.name}
                filter={filter}
                value={filters[filter.name] ?? ''}
                onChange={(value) => setFilter(filter.name, value)}
                cancelPending={cancelFilterChange}
              />
            ),
          )}
        </Group>
        <Group>
          <Popover position="bottom-end" trapFocus>
            <Popover.Target>
              <Button variant="default" size="xs">
                {t('table.columns')}
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap={4}>
                {order.map((column, index) => (
                  <Group key={column.id} gap="xs" wrap="nowrap" justify="space-between">
                    <Checkbox
                      label={column.header}
                      checked={!hidden.has(column.id)}
                      onChange={() => toggleColumn(column.id)}
                      aria-label={t('table.showColumn', { column: column.header })}
                    />
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        disabled={index === 0}
                        onClick={() => move(column.id, -1)}
                        aria-label={t('table.moveUp', { column: column.header })}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        disabled={index === order.length - 1}
                        onClick={() => move(column.id, 1)}
                        aria-label={t('table.moveDown', { column: column.header })}
                      >
                        ↓
                      </ActionIcon>
                    </Group>
                  </Group>
                ))}
              </Stack>
            </Popover.Dropdown>
          </Popover>
          {props.csv && (
            <Button component="a" href={csvHref} download variant="default" size="xs">
              {t('table.exportCsv')}
            </Button>
          )}
        </Group>
      </Group>
      {sortedColumn && !visible.includes(sortedColumn) && (
        <Text size="sm" c="gray.8">
          {t(sortDirection === 'desc' ? 'table.sortedByHiddenDesc' : 'table.sortedByHiddenAsc', {
            column: sortedColumn.header,
          })}
        </Text>
      )}
      {page.isPending ? (
        <LoadingState />
      ) : page.isError ? (
        <ErrorState error={page.error} onRetry={() => void page.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table striped highlightOnHover aria-busy={page.isFetching}>
            <Table.Caption>{props.caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {visible.map((column) => {
                  let sortOrder: 'ascending' | 'descending' | undefined;
                  if (column.sortField !== undefined && sortedField === column.sortField) {
                    sortOrder = sortDirection === 'desc' ? 'descending' : 'ascending';
                  }
                  const sortMark = { ascending: '▲', descending: '▼' }[sortOrder ?? 'ascending'];
                  return (
                    <Table.Th
                      key={column.id}
                      style={{ textAlign: column.align ?? 'left' }}
                      aria-sort={sortOrder}
                    >
                      {column.sortField ? (
                        <UnstyledButton
                          onClick={() => toggleSort(column.sortField as string)}
                          aria-label={t('table.sortBy', { column: column.header })}
                          fw={700}
                          fz="sm"
                        >
                          {column.header} {sortOrder ? sortMark : ''}
                        </UnstyledButton>
                      ) : (
                        column.header
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {isPastLastPage ? (
                <Table.Tr>
                  <Table.Td colSpan={visible.length}>
                    <EmptyState>
                      {t('table.pastLastPage', { page: pageNumber, last: lastPage })}{' '}
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        onClick={() => update({ page: String(lastPage) })}
                      >
                        {t('table.goToLastPage', { last: lastPage })}
                      </Button>
                    </EmptyState>
                  </Table.Td>
                </Table.Tr>
              ) : page.data.items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={visible.length}>
                    <EmptyState>{t('table.noRows')}</EmptyState>
                  </Table.Td>
                </Table.Tr>
              ) : (
                page.data.items.map((row) => (
                  <Table.Tr key={props.rowKey(row)}>
                    {visible.map((column) => (
                      <Table.Td key={column.id} style={{ textAlign: column.align ?? 'left' }}>
                        {column.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {isPastLastPage
            ? t('table.rowsTotal', { total })
            : t('table.rows', { from: first, to: last, total })}
        </Text>
        <Group>
          <NativeSelect
            aria-label={t('table.pageSize')}
            value={String(size)}
            data={pageSizes}
            onChange={(event) => update({ size: event.currentTarget.value, page: null })}
            size="xs"
          />
          <Pagination
            total={lastPage}
            value={pageNumber}
            onChange={(value) => update({ page: String(value) })}
            size="sm"
            getControlProps={(control) => ({
              'aria-label':
                control === 'previous'
                  ? t('table.previous')
                  : control === 'next'
                    ? t('table.next')
                    : undefined,
            })}
          />
        </Group>
      </Group>
    </Stack>
  );
}

function orderedColumns<T>(columns: Column<T>[], order: string | null): Column<T>[] {
  if (!order) return columns;
  const ids = order.split(',');
  const rank = (column: Column<T>) => {
    const index = ids.indexOf(column.id);
    return index === -1 ? ids.length + columns.indexOf(column) : index;
  };
  return [...columns].sort((left, right) => rank(left) - rank(right));
}

/**
 * Renders a text or date filter that keeps what the user types while the URL catches up (after a
 * debounce), and takes the URL's value whenever that changes, such as after the Back button.
 */
function FilterInput(props: {
  filter: Filter;
  value: string;
  onChange: (value: string) => void;
  cancelPending: () => void;
}) {
  const [draft, setDraft] = useState(props.value);
  const [urlValue, setUrlValue] = useState(props.value);
  if (props.value !== urlValue) {
    setUrlValue(props.value);
    setDraft(props.value);
  }
  const { cancelPending } = props;
  const name = props.filter.name;
  // Back and Forward restore the URL's value, because a quick Back can replace the typed value's navigation
  // before React renders it. They also drop a change still waiting for its debounce, so it cannot undo them.
  useEffect(() => {
    const restore = () => {
      cancelPending();
      setDraft(new URLSearchParams(window.location.search).get(`f.${name}`) ?? '');
    };
    window.addEventListener('popstate', restore);
    return () => window.removeEventListener('popstate', restore);
  }, [cancelPending, name]);
  return (
    <TextInput
      label={props.filter.label}
      type={props.filter.kind === 'date' ? 'date' : 'search'}
      value={draft}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        props.onChange(event.currentTarget.value);
      }}
    />
  );
}
