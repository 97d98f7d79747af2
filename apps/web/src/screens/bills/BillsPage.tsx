import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillListItem } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { useBillListColumns, useBillListFilters } from './use-bill-list-columns.js';

/** Lists the company's bills and credit notes, found by invoice or account number, status, kind and dates. */
export function BillsPage() {
  const { t } = useTranslation();
  const columns = useBillListColumns();
  const filters = useBillListFilters();
  return (
    <Stack>
      <Title order={1}>{t('bills.title')}</Title>
      <DataTable<BillListItem>
        resource="bills"
        path="/v1/bills"
        caption={t('bills.title')}
        columns={columns}
        rowKey={(bill) => bill.id}
        defaultSort="createdAt:desc"
        filters={[
          ...filters,
          {
            name: 'kind',
            label: t('bills.kind'),
            kind: 'select',
            options: (['invoice', 'credit-note'] as const).map((kind) => ({
              value: kind,
              label: t(`bill.kinds.${kind}`),
            })),
          },
          { name: 'issueDateFrom', label: t('bills.issuedFrom'), kind: 'date' },
          { name: 'issueDateTo', label: t('bills.issuedTo'), kind: 'date' },
          { name: 'dueDateFrom', label: t('bills.dueFrom'), kind: 'date' },
          { name: 'dueDateTo', label: t('bills.dueTo'), kind: 'date' },
        ]}
        csv
      />
    </Stack>
  );
}
