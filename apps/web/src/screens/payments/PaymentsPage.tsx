import { Anchor, Button, Card, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { postPaymentBody } from '../../../../server/src/modules/payments/domain/payment-request-schema.js';
import { api, ApiError, invalidField } from '../../api/client.js';
import type { Page, Payment } from '../../api/types.js';
import { useCompany, usePermission } from '../../auth/session.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { amountToMinor } from '../../format/amounts.js';
import { FormError } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import type { Account } from '../accounts/account-types.js';

const methods = ['cash', 'transfer', 'direct-debit', 'card', 'cheque'] as const;

export function PaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mayPost = usePermission('payments:write');
  const columns: Column<Payment>[] = [
    {
      id: 'receivedOn',
      header: t('payments.receivedOn'),
      sortField: 'receivedOn',
      render: (payment) => (
        <Anchor component={Link} to={`/payments/${payment.id}`}>
          {format.date(payment.receivedOn)}
        </Anchor>
      ),
    },
    {
      id: 'method',
      header: t('payments.method'),
      render: (payment) => t(`payments.methods.${payment.method}`),
    },
    {
      id: 'status',
      header: t('common.status'),
      render: (payment) => t(`payments.statuses.${payment.status}`),
    },
    { id: 'reference', header: t('payments.reference'), render: (payment) => payment.reference ?? '—' },
    {
      id: 'amount',
      header: t('payments.amount'),
      align: 'right',
      sortField: 'amountMinor',
      render: (payment) => format.money(payment.amountMinor, payment.currency),
    },
  ];
  return (
    <Stack>
      <Title order={1}>{t('payments.title')}</Title>
      {mayPost && <PostPayment />}
      <DataTable
        resource="payments"
        path="/v1/payments"
        caption={t('payments.title')}
        columns={columns}
        rowKey={(payment) => payment.id}
        defaultSort="receivedOn:desc"
        filters={[
          {
            name: 'status',
            label: t('common.status'),
            kind: 'select',
            options: [
              { value: 'posted', label: t('payments.statuses.posted') },
              { value: 'reversed', label: t('payments.statuses.reversed') },
            ],
          },
          { name: 'from', label: t('common.from'), kind: 'date' },
          { name: 'to', label: t('common.to'), kind: 'date' },
        ]}
        csv
      />
    </Stack>
  );
}

function PostPayment() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const company = useCompany();
  const [accountNumber, setAccountNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<(typeof methods)[number]>('cash');
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  // One key per payment being entered: a retried submission of the same payment is not posted twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const post = useMutation({
    mutationFn: async () => {
      const minorUnit = company?.currencyMinorUnit ?? 2;
      const amountMinor = amountToMinor(amount, minorUnit);
      if (amountMinor === null) {
        throw invalidField(
          'amountMinor',
          t('payments.invalidAmount', { value: amount, decimals: minorUnit }),
        );
      }
      const accounts = await api<Page<Account>>('/v1/accounts', {
        query: { search: accountNumber.trim(), limit: 5 },
      });
      const account = accounts.items.find((item) => item.accountNumber === accountNumber.trim());
      if (!account)
        throw invalidField('accountNumber', t('payments.unknownAccount', { value: accountNumber }));

      // The server's own schema checks the body first, so its messages show next to the fields at once.
      const body = {
        accountId: account.id,
        amountMinor,
        currency: company?.currency,
        method,
        ...(reference ? { reference } : {}),
        ...(receivedOn ? { receivedOn } : {}),
      };
      const checked = postPaymentBody.safeParse(body);
      if (!checked.success) {
        const fields = checked.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        }));
        throw new ApiError(400, fields[0]?.message ?? '', undefined, fields);
      }
      return api<Payment>('/v1/payments', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: checked.data,
      });
    },
    onSuccess: async (payment) => {
      setIdempotencyKey(crypto.randomUUID());
      await queryClient.invalidateQueries({ queryKey: ['payments'] });
      await navigate(`/payments/${payment.id}`);
    },
  });
  const error = post.error instanceof ApiError ? post.error : null;
  const fieldError = (field: string) => error?.fieldMessage(field);

  function submit(event: FormEvent) {
    event.preventDefault();
    post.mutate();
  }

  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="post-payment-title">
      <Title order={2} size="h4" mb="xs" id="post-payment-title">
        {t('payments.post')}
      </Title>
      <FormError
        error={error}
        fields={['accountNumber', 'accountId', 'amountMinor', 'receivedOn', 'reference']}
      />
      <Group align="flex-start">
        <TextInput
          label={t('payments.account')}
          value={accountNumber}
          onChange={(event) => setAccountNumber(event.currentTarget.value)}
          required
          error={fieldError('accountNumber') ?? fieldError('accountId')}
        />
        <TextInput
          label={`${t('payments.amount')} (${company?.currency ?? ''})`}
          value={amount}
          onChange={(event) => setAmount(event.currentTarget.value)}
          inputMode="decimal"
          required
          error={fieldError('amountMinor')}
        />
        <NativeSelect
          label={t('payments.method')}
          value={method}
          onChange={(event) => setMethod(event.currentTarget.value as (typeof methods)[number])}
          data={methods.map((value) => ({ value, label: t(`payments.methods.${value}`) }))}
        />
        <TextInput
          label={t('payments.receivedOn')}
          type="date"
          value={receivedOn}
          onChange={(event) => setReceivedOn(event.currentTarget.value)}
          error={fieldError('receivedOn')}
        />
        <TextInput
          label={t('payments.reference')}
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
          error={fieldError('reference')}
        />
        <Button type="submit" loading={post.isPending} mt={24}>
          {t('payments.post')}
        </Button>
      </Group>
    </Card>
  );
}
