import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client.js';
import type { Payment } from '../../api/types.js';
import type { AccountWithAgreements } from '../accounts/account-types.js';
import { useCompany, usePermission } from '../../auth/session.js';
import { PermittedLink } from '../../components/PermittedLink.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { BackLink } from '../../components/BackLink.js';
import { checkFormBody } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { FormCard } from '../../forms/FormCard.js';
import { useFormat } from '../../format/format.js';
import { todayIn } from '../../format/today.js';
import { reversePaymentBody } from '../../../../server/src/modules/payments/domain/payment-request-schema.js';

/** Shows a payment with its allocations, and the reversal form to users who may post payments. */
export function PaymentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { paymentId = '' } = useParams();
  const mayReverse = usePermission('payments:write');
  const mayReadCustomers = usePermission('customers:read');
  const payment = useQuery({
    queryKey: ['payment', paymentId],
    queryFn: () => api<Payment>(`/v1/payments/${paymentId}`),
  });
  const accountId = payment.data?.accountId;
  const account = useQuery({
    queryKey: ['account', accountId],
    queryFn: () => api<AccountWithAgreements>(`/v1/accounts/${accountId}`),
    enabled: accountId !== undefined && mayReadCustomers,
  });

  if (payment.isPending) return <LoadingState />;
  if (payment.isError) return <ErrorState error={payment.error} onRetry={() => void payment.refetch()} />;
  const data = payment.data;

  return (
    <Stack>
      <Group>
        <Title order={1}>
          {t('payments.payment')} · {format.money(data.amountMinor, data.currency)}
        </Title>
        <Badge variant="outline" data-testid="payment-status">
          {t(`payments.statuses.${data.status}`)}
        </Badge>
        <BackLink fallback={`/accounts/${data.accountId}`} />
      </Group>
      {account.data && (
        <Group gap="lg" data-testid="payment-account">
          <Text>
            {t('payments.account')}:{' '}
            <Anchor component={Link} to={`/accounts/${account.data.id}`}>
              {account.data.accountNumber}
            </Anchor>
          </Text>
          <Text>
            {t('payments.customer')}:{' '}
            <Anchor component={Link} to={`/customers/${account.data.customerId}`}>
              {account.data.customerName}
            </Anchor>
          </Text>
        </Group>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('payments.receivedOn')}
          </Text>
          <Text>{format.date(data.receivedOn)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('payments.method')}
          </Text>
          <Text>{t(`payments.methods.${data.method}`)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('payments.allocations')}
          </Text>
          <Text>{format.money(data.allocatedMinor, data.currency)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('payments.unallocated')}
          </Text>
          <Text>{format.money(data.unallocatedMinor, data.currency)}</Text>
        </Card>
      </SimpleGrid>
      {data.reversalReason && (
        <Alert color="yellow">
          {t('payments.reversed')}: {data.reversalReason}
        </Alert>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('payments.allocations')}
        </Title>
        {data.allocations.length === 0 ? (
          <EmptyState />
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('payments.allocatedTo')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>{t('payments.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.allocations.map((allocation) => (
                <Table.Tr key={allocation.id}>
                  <Table.Td>
                    <PermittedLink to={`/bills/${allocation.billId}`} permission="billing:read">
                      {/* Allocations go to issued bills, which have numbers. Should one lack it, the
                          whole id shows, because ids made close together share their first characters. */}
                      {allocation.invoiceNumber ?? (
                        <Text span size="sm" ff="monospace">
                          {allocation.billId}
                        </Text>
                      )}
                    </PermittedLink>
                  </Table.Td>
                  <Table.Td>{t(`payments.allocationStatuses.${allocation.status}`)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {format.money(allocation.amountMinor, data.currency)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {mayReverse && data.status === 'posted' && <ReversePayment paymentId={data.id} />}
    </Stack>
  );
}

function ReversePayment({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const company = useCompany();
  const [reason, setReason] = useState('');
  const [reversedOn, setReversedOn] = useState(() => todayIn(company?.timeZone ?? 'UTC'));
  // One key per reversal form, so a retry after a lost response gets the first response back.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const fields = {
    reason: { label: t('payments.reason'), paths: ['reason'] },
    reversedOn: { label: t('payments.reversedOn'), paths: ['reversedOn'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const reverse = useMutation({
    mutationFn: async () => {
      const body = checkFormBody(
        reversePaymentBody,
        { reason, ...(reversedOn ? { reversedOn } : {}) },
        { fields: fieldList, t },
      );
      return api<Payment>(`/v1/payments/${paymentId}/reversal`, {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotencyKey },
      });
    },
    onSuccess: (payment) => queryClient.setQueryData(['payment', paymentId], payment),
  });
  const error = reverse.error instanceof ApiError ? reverse.error : null;
  const messages = useFieldMessages(error, fields);

  return (
    <FormCard
      title={t('payments.reverse')}
      error={reverse.error}
      fields={fieldList}
      onSubmit={() => reverse.mutate()}
    >
      <Group align="flex-start">
        <TextInput
          label={t('payments.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required
          error={messages.reason}
        />
        <TextInput
          label={t('payments.reversedOn')}
          type="date"
          value={reversedOn}
          onChange={(event) => setReversedOn(event.currentTarget.value)}
          error={messages.reversedOn}
        />
        <Button type="submit" color="red" loading={reverse.isPending} mt={24}>
          {t('payments.reverse')}
        </Button>
      </Group>
    </FormCard>
  );
}
