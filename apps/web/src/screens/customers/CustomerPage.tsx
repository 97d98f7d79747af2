import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { Customer, Page } from '../../api/types.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import type { Account } from '../accounts/account-types.js';
import { Timeline } from '../accounts/Timeline.js';
import { CustomerPremises } from './CustomerPremises.js';

/** Customer 360, first level: who the customer is, how to reach them, their accounts and premises. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { customerId = '' } = useParams();
  const customer = useQuery({
    queryKey: ['customer', customerId],
    queryFn: () => api<Customer>(`/v1/customers/${customerId}`),
  });
  const accounts = useQuery({
    queryKey: ['accounts', { customerId }],
    queryFn: () => api<Page<Account>>('/v1/accounts', { query: { customerId, limit: 100 } }),
  });

  if (customer.isPending) return <LoadingState />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  const data = customer.data;

  return (
    <Stack>
      <Group>
        <Title order={1}>{data.displayName}</Title>
        <Badge variant="outline">{t(`customers.kinds.${data.kind}`)}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('customers.contacts')}
          </Title>
          {data.contacts.length === 0 ? (
            <EmptyState />
          ) : (
            data.contacts.map((contact) => (
              <Text key={contact.id} size="sm">
                {contact.kind}: {contact.value} {contact.isPrimary ? '★' : ''}
              </Text>
            ))
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('customers.identifications')}
          </Title>
          {data.identifications.length === 0 ? (
            <EmptyState />
          ) : (
            data.identifications.map((identification) => (
              <Text key={identification.id} size="sm">
                {identification.scheme}: {identification.value}
              </Text>
            ))
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('customers.accounts')}
        </Title>
        {accounts.isPending ? (
          <LoadingState />
        ) : accounts.isError ? (
          <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : accounts.data.items.length === 0 ? (
          <EmptyState>{t('customers.noAccounts')}</EmptyState>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.accountNumber')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.data.items.map((account) => (
                <Table.Tr key={account.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${account.id}`}>
                      {account.accountNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{account.status}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <CustomerPremises customerId={customerId} />
      <Timeline path={`/v1/customers/${customerId}/timeline`} permission="customers:read" />
    </Stack>
  );
}
