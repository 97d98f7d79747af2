import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { maxAmountMinor } from '../../../../server/src/modules/payments/domain/parse-payment-request.js';
import { postPaymentBody } from '../../../../server/src/modules/payments/domain/payment-request-schema.js';
import { api, ApiError } from '../../api/client.js';
import { findAccountByNumber } from '../../api/find-account-by-number.js';
import type { AccountBalance, Payment, PaymentListItem } from '../../api/types.js';
import { useCompany, usePermission } from '../../auth/session.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { amountToMinor } from '../../format/amounts.js';
import { checkFormBody, type DescribeIssue } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { FormCard } from '../../forms/FormCard.js';
import { useFormat } from '../../format/format.js';
import { checkPayment, type PaymentCheck } from './payment-confirmation.js';

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

/** A payment that waits for the cashier's confirmation, with the reasons the check found. */
type PendingConfirmation = {
  /** The account id and amount that were checked, so that only this payment posts on confirmation. */
  key: string;
  accountNumber: string;
  amountMinor: bigint;
  currency: string;
  check: PaymentCheck;
};

type PostOutcome =
  { kind: 'posted'; payment: Payment } | { kind: 'needs-confirmation'; confirmation: PendingConfirmation };

/**
 * Renders the form that posts a payment. Before posting, it requires the cashier to confirm an amount more
 * than the account's balance due, or above the large-amount threshold of the currency (see
 * payment-confirmation.ts).
 */
function PostPayment() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const company = useCompany();
  // Without ledger:read the balance cannot be read, so only the large-amount check applies.
  const mayReadBalance = usePermission('ledger:read');
  const minorUnit = company?.currencyMinorUnit ?? 2;
  const [accountNumber, setAccountNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<(typeof methods)[number]>('cash');
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  // One key per payment being entered: a retried submission of the same payment is not posted twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [confirming, setConfirming] = useState<PendingConfirmation | null>(null);
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
    /** `confirmedKey` is the key of the payment the cashier confirmed, which posts without a new check. */
    mutationFn: async ({ confirmedKey }: { confirmedKey?: string }): Promise<PostOutcome> => {
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
      const key = `${body.accountId}:${body.amountMinor}`;
      if (key !== confirmedKey) {
        const balance = mayReadBalance
          ? await api<AccountBalance>(`/v1/accounts/${body.accountId}/balance`)
          : undefined;
        const check = checkPayment({
          amountMinor: BigInt(body.amountMinor),
          balanceMinor: balance ? BigInt(balance.balanceMinor) : undefined,
          currency: body.currency,
          minorUnit,
        });
        if (check) {
          const confirmation = {
            key,
            accountNumber: account?.accountNumber ?? accountNumber.trim(),
            amountMinor: BigInt(body.amountMinor),
            currency: body.currency,
            check,
          };
          return { kind: 'needs-confirmation', confirmation };
        }
      }
      const payment = await api<Payment>('/v1/payments', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body,
      });
      return { kind: 'posted', payment };
    },
    onSuccess: async (outcome) => {
      if (outcome.kind === 'needs-confirmation') {
        setConfirming(outcome.confirmation);
        return;
      }
      setIdempotencyKey(crypto.randomUUID());
      await queryClient.invalidateQueries({ queryKey: ['payments'] });
      await navigate(`/payments/${outcome.payment.id}`);
    },
  });
  const error = post.error instanceof ApiError ? post.error : null;
  const messages = useFieldMessages(error, fields);

  const confirm = (confirmation: PendingConfirmation) => {
    setConfirming(null);
    post.mutate({ confirmedKey: confirmation.key });
  };

  return (
    <FormCard
      title={t('payments.post')}
      error={post.error}
      fields={fieldList}
      onSubmit={() => {
        setConfirming(null);
        post.mutate({});
      }}
    >
      <Group align="flex-start">
        <TextInput
          label={t('payments.account')}
          value={accountNumber}
          onChange={(event) => {
            setAccountNumber(event.currentTarget.value);
            setConfirming(null);
          }}
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
        <ConfirmPayment
          confirmation={confirming}
          onConfirm={() => confirm(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </FormCard>
  );
}

/** Asks the cashier to confirm a payment, with each reason the check found and its amounts. */
function ConfirmPayment(props: {
  confirmation: PendingConfirmation;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { accountNumber, amountMinor, currency, check } = props.confirmation;
  const money = (minor: bigint) => format.money(minor.toString(), currency);
  return (
    <Alert color="yellow" mt="sm" role="alert" data-testid="confirm-payment">
      <Text size="sm" fw={700} mb="xs">
        {t('payments.confirmPayment', { amount: money(amountMinor), account: accountNumber })}
      </Text>
      {check.overpayment && (
        <Text size="sm" mb="xs" data-testid="confirm-overpayment">
          {t('payments.overpayment', {
            balance: money(check.overpayment.balanceDueMinor),
            excess: money(check.overpayment.excessMinor),
          })}
        </Text>
      )}
      {check.largeAmount && (
        <Text size="sm" mb="xs" data-testid="confirm-large-amount">
          {t('payments.largeAmount', { threshold: money(check.largeAmount.thresholdMinor), currency })}
        </Text>
      )}
      <Group gap="xs">
        <Button size="xs" onClick={props.onConfirm}>
          {t('payments.confirmPost')}
        </Button>
        <Button size="xs" variant="default" onClick={props.onCancel}>
          {t('payments.changeAmount')}
        </Button>
      </Group>
    </Alert>
  );
}
