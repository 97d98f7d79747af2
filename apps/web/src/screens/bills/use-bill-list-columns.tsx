import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BillListItem } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import type { Column, Filter } from '../../components/DataTable.js';
import { useFormat } from '../../format/format.js';

/**
 * Returns the columns of a GET /v1/bills table. The invoice number links to the bill, and the account
 * number to the account for users who may read accounts.
 */
export function useBillListColumns(): Column<BillListItem>[] {
  const { t } = useTranslation();
  const format = useFormat();
  const mayReadAccounts = usePermission('customers:read');
  return [
    {
      id: 'invoiceNumber',
      header: t('bill.invoiceNumber'),
      sortField: 'invoiceNumber',
      csvColumns: ['invoiceNumber'],
      render: (bill) => (
        <Anchor component={Link} to={`/bills/${bill.id}`}>
          {bill.invoiceNumber ?? t('bill.draft')}
        </Anchor>
      ),
    },
    {
      id: 'accountNumber',
      header: t('bills.account'),
      sortField: 'accountNumber',
      csvColumns: ['accountNumber'],
      render: (bill) =>
        mayReadAccounts ? (
          <Anchor component={Link} to={`/accounts/${bill.accountId}`}>
            {bill.accountNumber}
          </Anchor>
        ) : (
          bill.accountNumber
        ),
    },
    {
      id: 'kind',
      header: t('bills.kind'),
      csvColumns: ['kind'],
      render: (bill) => t(`bill.kinds.${bill.kind}`),
    },
    {
      id: 'status',
      header: t('common.status'),
      sortField: 'status',
      csvColumns: ['status'],
      render: (bill) => t(`bill.statuses.${bill.status}`),
    },
    {
      id: 'period',
      header: t('bill.period'),
      sortField: 'periodStart',
      csvColumns: ['periodStart', 'periodEnd'],
      render: (bill) => format.billingPeriod(bill.periodStart, bill.periodEnd),
    },
    {
      id: 'issueDate',
      header: t('bill.issueDate'),
      sortField: 'issueDate',
      csvColumns: ['issueDate'],
      render: (bill) => format.date(bill.issueDate),
    },
    {
      id: 'dueDate',
      header: t('bill.dueDate'),
      sortField: 'dueDate',
      csvColumns: ['dueDate'],
      render: (bill) => format.date(bill.dueDate),
    },
    {
      id: 'total',
      header: t('bill.total'),
      align: 'right',
      sortField: 'totalMinor',
      csvColumns: ['total', 'currency'],
      render: (bill) => format.money(bill.totalMinor, bill.currency),
    },
    {
      id: 'createdAt',
      header: t('bills.createdAt'),
      sortField: 'createdAt',
      csvColumns: ['createdAt'],
      render: (bill) => format.dateTime(bill.createdAt),
      hiddenByDefault: true,
    },
  ];
}

/** Returns the search and status filters that every bill table offers. */
export function useBillListFilters(): Filter[] {
  const { t } = useTranslation();
  return [
    { name: 'search', label: t('bills.search'), kind: 'text' },
    {
      name: 'status',
      label: t('common.status'),
      kind: 'select',
      options: (['draft', 'issued', 'cancelled'] as const).map((status) => ({
        value: status,
        label: t(`bill.statuses.${status}`),
      })),
    },
  ];
}
