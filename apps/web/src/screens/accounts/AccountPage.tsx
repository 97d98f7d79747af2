import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { AccountBalance, BillSummary } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import { PermittedLink } from '../../components/PermittedLink.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { AccountAgreements } from './AccountAgreements.js';
import type { AccountWithAgreements, Statement } from './account-types.js';
import { InstalledMeters } from './InstalledMeters.js';
import { OpenItemSettlements } from './OpenItemSettlements.js';
import { Timeline } from './Timeline.js';

// The chart library is large, so the consumption chart loads only when an account page opens.
const Consumption = lazy(async () => ({ default: (await import('./Consumption.js')).Consumption }));

const buckets = ['current', '1-30', '31-60', '61-90', '90+'] as const;

/** Customer 360 for one account: balance and ageing, agreements, meters, consumption, bills, statement, activity. */
export function AccountPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { accountId = '' } = useParams();
  const mayReadLedger = usePermission('ledger:read');
  const mayReadBilling = usePermission('billing:read');
  const account = useQuery({
    queryKey: ['account', accountId],
    queryFn: () => api<AccountWithAgreements>(`/v1/accounts/${accountId}`),
  });
  const balance = useQuery({
    queryKey: ['balance', accountId],
    queryFn: () => api<AccountBalance>(`/v1/accounts/${accountId}/balance`),
    enabled: mayReadLedger,
  });
  const statement = useQuery({
    queryKey: ['statement', accountId],
    queryFn: () => api<Statement>(`/v1/accounts/${accountId}/statement`),
    enabled: mayReadLedger,
  });

  if (account.isPending) return <LoadingState />;
  if (account.isError) return <ErrorState error={account.error} onRetry={() => void account.refetch()} />;
  const data = account.data;
  const agreements = data.agreements;

  const billColumns: Column<BillSummary>[] = [
    {
      id: 'number',
      header: t('bill.invoiceNumber'),
      csvColumns: ['invoiceNumber'],
      render: (bill) => (
        <Anchor component={Link} to={`/bills/${bill.id}`}>
          {bill.invoiceNumber ?? t('bill.draft')}
        </Anchor>
      ),
    },
    {
      id: 'kind',
      header: t('customers.kind'),
      csvColumns: ['kind'],
      render: (bill) => t(`bill.kinds.${bill.kind}`),
    },
    {
      id: 'status',
      header: t('common.status'),
      csvColumns: ['status'],
      render: (bill) => t(`bill.statuses.${bill.status}`),
    },
    {
      id: 'period',
      header: t('bill.period'),
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
      csvColumns: ['dueDate'],
      render: (bill) => format.date(bill.dueDate),
      hiddenByDefault: true,
    },
    {
      id: 'total',
      header: t('bill.total'),
      align: 'right',
      csvColumns: ['total', 'currency'],
      render: (bill) => format.money(bill.totalMinor, bill.currency),
    },
  ];

  return (
    <Stack>
      <Group>
        <Title order={1}>{t('account.title', { number: data.accountNumber })}</Title>
        <Badge variant="outline">{data.status}</Badge>
        <Anchor component={Link} to={`/customers/${data.customerId}`}>
          {data.customerName}
        </Anchor>
      </Group>

      {mayReadLedger && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('account.balance')}
            </Title>
            {balance.isPending ? (
              <LoadingState />
            ) : balance.isError ? (
              <ErrorState error={balance.error} onRetry={() => void balance.refetch()} />
            ) : (
              <Stack gap={4}>
                <Text size="xl" fw={700} data-testid="balance">
                  {format.money(balance.data.balanceMinor, balance.data.currency)}
                </Text>
                <Text size="sm">
                  {t('account.credit')}: {format.money(balance.data.creditMinor, balance.data.currency)}
                </Text>
                <Table>
                  <Table.Caption>{t('account.ageing')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      {buckets.map((bucket) => (
                        <Table.Th key={bucket} style={{ textAlign: 'right' }}>
                          {t(`account.buckets.${bucket}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    <Table.Tr>
                      {buckets.map((bucket) => (
                        <Table.Td key={bucket} style={{ textAlign: 'right' }}>
                          {format.money(balance.data.ageing[bucket] ?? '0', balance.data.currency)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </Stack>
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('account.openItems')}
            </Title>
            {balance.data && balance.data.openItems.length === 0 ? (
              <EmptyState />
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bill.invoiceNumber')}</Table.Th>
                    <Table.Th>{t('bill.dueDate')}</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>{t('account.daysOverdue')}</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>{t('account.outstanding')}</Table.Th>
                    <Table.Th>{t('account.settledBy')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {balance.data?.openItems.map((item) => (
                    <Table.Tr key={item.billId}>
                      <Table.Td>
                        <PermittedLink to={`/bills/${item.billId}`} permission="billing:read">
                          {item.invoiceNumber}
                        </PermittedLink>
                      </Table.Td>
                      <Table.Td>{format.date(item.dueDate)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{item.daysOverdue}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>
                        {format.money(item.outstandingMinor)}
                      </Table.Td>
                      <Table.Td>
                        <OpenItemSettlements settlements={item.settlements} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </SimpleGrid>
      )}

      {/* The server leaves agreements out (null) for a user without agreements:read. */}
      {agreements && <AccountAgreements agreements={agreements} />}
      {agreements && <InstalledMeters agreements={agreements} />}

      {agreements && agreements.length > 0 && (
        <Suspense fallback={<LoadingState />}>
          <Consumption
            servicePointIds={[...new Set(agreements.map((agreement) => agreement.servicePointId))]}
          />
        </Suspense>
      )}

      {mayReadBilling && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('account.bills')}
          </Title>
          <DataTable
            resource="account-bills"
            path={`/v1/accounts/${accountId}/bills`}
            caption={t('account.bills')}
            columns={billColumns}
            rowKey={(bill) => bill.id}
            csv
          />
        </Card>
      )}

      {mayReadLedger && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('account.statement')}
          </Title>
          {statement.isPending ? (
            <LoadingState />
          ) : statement.isError ? (
            <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />
          ) : statement.data.entries.length === 0 ? (
            <EmptyState />
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.date')}</Table.Th>
                  <Table.Th>{t('account.description')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('account.amount')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('account.runningBalance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {statement.data.entries.map((entry) => (
                  <Table.Tr key={entry.postingId}>
                    <Table.Td>{format.date(entry.accountingDate)}</Table.Td>
                    <Table.Td>
                      {entry.kind.startsWith('payment') ? (
                        <PermittedLink to={`/payments/${entry.sourceId}`} permission="payments:read">
                          {entry.description}
                        </PermittedLink>
                      ) : (
                        <PermittedLink to={`/bills/${entry.sourceId}`} permission="billing:read">
                          {entry.description}
                        </PermittedLink>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {format.money(entry.amountMinor, statement.data.currency)}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {format.money(entry.runningBalanceMinor, statement.data.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}

      <Timeline path={`/v1/accounts/${accountId}/timeline`} permission="customers:read" />
    </Stack>
  );
}
