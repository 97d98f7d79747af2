import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerSummary } from '../../api/types.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { useFormat } from '../../format/format.js';

export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<CustomerSummary>[] = [
    {
      id: 'name',
      header: t('customers.name'),
      sortField: 'displayName',
      csvColumns: ['displayName'],
      render: (customer) => (
        <Anchor component={Link} to={`/customers/${customer.id}`}>
          {customer.displayName}
        </Anchor>
      ),
    },
    {
      id: 'kind',
      header: t('customers.kind'),
      csvColumns: ['kind'],
      render: (customer) => t(`customers.kinds.${customer.kind}`),
    },
    {
      id: 'locale',
      header: t('customers.locale'),
      csvColumns: ['preferredLocale'],
      render: (customer) => customer.preferredLocale ?? '—',
    },
    {
      id: 'created',
      header: t('customers.created'),
      sortField: 'createdAt',
      csvColumns: ['createdAt'],
      render: (customer) => format.dateTime(customer.createdAt),
    },
  ];
  return (
    <Stack>
      <Title order={1}>{t('customers.title')}</Title>
      <DataTable
        resource="customers"
        path="/v1/customers"
        caption={t('customers.title')}
        columns={columns}
        rowKey={(customer) => customer.id}
        filters={[
          { name: 'search', label: t('customers.search'), kind: 'text' },
          {
            name: 'kind',
            label: t('customers.kind'),
            kind: 'select',
            options: [
              { value: 'person', label: t('customers.kinds.person') },
              { value: 'organisation', label: t('customers.kinds.organisation') },
            ],
          },
        ]}
        csv
      />
    </Stack>
  );
}
