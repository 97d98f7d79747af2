import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { maxAmountMinor } from '../../../../server/src/modules/payments/domain/parse-payment-request.js';
import { postPaymentBody } from '../../../../server/src/modules/payments/domain/payment-request-schema.js';
import { api, ApiError } from '../../api/client.js';
import { findAccountByNumber } from '../../api/find-account-by-number.js';
import type { Payment, PaymentListItem } from '../../api/types.js';
import { useCompany, usePermission } from '../../auth/session.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { amountToMinor } from '../../format/amounts.js';
import { checkFormBody, type DescribeIssue } from '../../forms/check-form-body.js';
import { mapFieldMessages, type FormField } from '../../forms/form-field.js';
import { FormCard } from '../../forms/FormCard.js';
import { useFormat } from '../../format/format.js';

const methods = ['cash', 'transfer', 'direct-debit', 'card', 'cheque'] as const;

export function PaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mayPost = usePermission('payments:write');
  const columns: Column<PaymentListItem>[] = [
    {
      id: 'receivedOn',
      header: t('payments.receivedOn'),
      sortField: 'receivedOn',
      csvColumns: ['receivedOn'],
      render: (payment) => (
        <Anchor component={Link} to={`/payments/${payment.id}`}>
          {format.date(payment.receivedOn)}
        </Anchor>
      ),
    },
    {
      id: 'accountNumber',
      header: t('payments.account'),
      csvColumns: ['accountNumber'],
      render: (payment) => (
        <Anchor component={Link} to={`/accounts/${payment.accountId}`}>
          {payment.accountNumber}
        </Anchor>
      ),
    },
    {
      id: 'method',
      header: t('payments.method'),
      csvColumns: ['method'],
      render: (payment) => t(`payments.methods.${payment.method}`),
    },
    {
      id: 'status',
      header: t('common.status'),
      csvColumns: ['status'],
      render: (payment) => t(`payments.statuses.${payment.status}`),
    },
    {
      id: 'reference',
      header: t('payments.reference'),
      csvColumns: ['reference'],
      render: (payment) => payment.reference ?? '—',
    },
    {
      id: 'amount',
      header: t('payments.amount'),
      align: 'right',
      sortField: 'amountMinor',
      csvColumns: ['currency', 'amount'],
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
          { name: 'receivedOnFrom', label: t('common.from'), kind: 'date' },
          { name: 'receivedOnTo', label: t('common.to'), kind: 'date' },
        ]}
        csv
      />
    </Stack>
  );
}

/**
 * Amount above which the form requires the cashier to confirm before posting, in major units of the company's
 * currency. A cash desk rarely takes this much at once, so a larger figure is more often an extra digit.
 */
// NOTE: every company and currency shares this number, so 10,000 yen (a small payment) needs confirming too.
const confirmAboveMajorUnits = 10_000n;

function PostPayment() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const company = useCompany();
  const minorUnit = company?.currencyMinorUnit ?? 2;
  const [accountNumber, setAccountNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<(typeof methods)[number]>('cash');
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  // One key per payment being entered: a retried submission of the same payment is not posted twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  // The amount the cashier confirmed, as minor units; a changed amount needs a new confirmation.
  const [confirmedMinor, setConfirmedMinor] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const confirmAboveMinor = confirmAboveMajorUnits * 10n ** BigInt(minorUnit);
  const fields = {
    accountNumber: { label: t('payments.account'), paths: ['accountNumber', 'accountId'] },
    amount: { label: t('payments.amount'), paths: ['amountMinor'] },
    method: { label: t('payments.method'), paths: ['method'], kind: 'choice' },
    receivedOn: { label: t('payments.receivedOn'), paths: ['receivedOn'] },
    reference: { label: t('payments.reference'), paths: ['reference'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const describe: DescribeIssue = (issue, field) => {
    // The schema's only custom check on the amount is its upper limit.
    if (field === fields.amount && issue.code === 'custom')
      return t('payments.amountTooLarge', {
        value: amount,
        maximum: format.money(maxAmountMinor.toString()),
      });
    if (field === fields.amount && amount.trim() !== '')
      return t('payments.invalidAmount', { value: amount, decimals: minorUnit });
    if (issue.path[0] === 'accountId' && accountNumber.trim() !== '')
      return t('payments.unknownAccount', { value: accountNumber });
    return undefined;
  };

  const post = useMutation({
    mutationFn: async () => {
      const account = accountNumber.trim() ? await findAccountByNumber(accountNumber.trim()) : undefined;
      // Text that is not an amount goes to the schema as typed, so its message quotes what the user wrote.
      const amountMinor = amountToMinor(amount, minorUnit, format.locale) ?? amount.trim();
      const body = checkFormBody(
        postPaymentBody,
        {
          accountId: account?.id,
          amountMinor,
          currency: company?.currency,
          method,
          ...(reference ? { reference } : {}),
          ...(receivedOn ? { receivedOn } : {}),
        },
        { fields: fieldList, t, describe },
      );
      return api<Payment>('/v1/payments', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body,
      });
    },
    onSuccess: async (payment) => {
      setIdempotencyKey(crypto.randomUUID());
      setConfirmedMinor(null);
      await queryClient.invalidateQueries({ queryKey: ['payments'] });
      await navigate(`/payments/${payment.id}`);
    },
  });
  const error = post.error instanceof ApiError ? post.error : null;
  const messages = mapFieldMessages(error, fields);

  const submit = () => {
    const amountMinor = amountToMinor(amount, minorUnit, format.locale);
    // An amount over the server's limit goes on to the schema check, which rejects it with its reason.
    const large =
      amountMinor !== null &&
      BigInt(amountMinor) > confirmAboveMinor &&
      BigInt(amountMinor) <= maxAmountMinor;
    if (large && amountMinor !== confirmedMinor) {
      setConfirming(amountMinor);
      return;
    }
    post.mutate();
  };
  const confirm = () => {
    setConfirmedMinor(confirming);
    setConfirming(null);
    post.mutate();
  };

  return (
    <FormCard title={t('payments.post')} error={post.error} fields={fieldList} onSubmit={submit}>
      <Group align="flex-start">
        <TextInput
          label={t('payments.account')}
          value={accountNumber}
          onChange={(event) => setAccountNumber(event.currentTarget.value)}
          required
          error={messages.accountNumber}
        />
        <TextInput
          label={`${t('payments.amount')} (${company?.currency ?? ''})`}
          value={amount}
          onChange={(event) => {
            setAmount(event.currentTarget.value);
            setConfirming(null);
          }}
          inputMode="decimal"
          required
          error={messages.amount}
        />
        <NativeSelect
          label={t('payments.method')}
          value={method}
          onChange={(event) => setMethod(event.currentTarget.value as (typeof methods)[number])}
          data={methods.map((value) => ({ value, label: t(`payments.methods.${value}`) }))}
          error={messages.method}
        />
        <TextInput
          label={t('payments.receivedOn')}
          type="date"
          value={receivedOn}
          onChange={(event) => setReceivedOn(event.currentTarget.value)}
          error={messages.receivedOn}
        />
        <TextInput
          label={t('payments.reference')}
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
          error={messages.reference}
        />
        <Button type="submit" loading={post.isPending} mt={24}>
          {t('payments.post')}
        </Button>
      </Group>
      {confirming !== null && (
        <Alert color="yellow" mt="sm" role="alert" data-testid="confirm-large-payment">
          <Text size="sm" mb="xs">
            {t('payments.confirmLarge', {
              amount: format.money(confirming),
              account: accountNumber.trim(),
              threshold: format.money(confirmAboveMinor.toString()),
            })}
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={confirm}>
              {t('payments.confirmPost')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
              {t('payments.changeAmount')}
            </Button>
          </Group>
        </Alert>
      )}
    </FormCard>
  );
}
