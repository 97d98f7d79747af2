import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, invalidField } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { TraceView } from '../../components/TraceView.js';
import { useFormat } from '../../format/format.js';
import type { Account } from '../accounts/account-types.js';

type RateCheckLine = {
  lineNumber: number;
  description: string;
  quantity: string | null;
  unit: string | null;
  unitPrice: string | null;
  amountMinor: string;
  trace: Record<string, unknown>;
};
type RateCheckResult = {
  currency: string;
  totalMinor: string;
  segments: { agreementId: string | null; lines: RateCheckLine[] }[];
};

/** Prices a typed usage, or an account's read history, on the tariff, line by line, writing nothing. */
export function RateCheck({ tariffId }: { tariffId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [mode, setMode] = useState<'usage' | 'account'>('usage');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [energy, setEnergy] = useState('');
  const [demand, setDemand] = useState('');
  const [accountNumber, setAccountNumber] = useState('');

  const check = useMutation({
    mutationFn: async () => {
      const base = { periodStart, periodEnd };
      if (mode === 'account') {
        const accounts = await api<Page<Account>>('/v1/accounts', {
          query: { search: accountNumber.trim(), limit: 5 },
        });
        const account = accounts.items.find((item) => item.accountNumber === accountNumber.trim());
        if (!account)
          throw invalidField('accountNumber', t('payments.unknownAccount', { value: accountNumber }));
        return api<RateCheckResult>(`/v1/tariffs/${tariffId}/rate-check`, {
          method: 'POST',
          body: { ...base, accountId: account.id },
        });
      }
      const registers = [
        ...(energy ? [{ measure: 'energy', quantity: energy.trim() }] : []),
        ...(demand ? [{ measure: 'demand', quantity: demand.trim() }] : []),
      ];
      return api<RateCheckResult>(`/v1/tariffs/${tariffId}/rate-check`, {
        method: 'POST',
        body: { ...base, usage: { registers } },
      });
    },
  });
  const error = check.error instanceof ApiError ? check.error : null;
  const fieldError = (path: string) => error?.fieldMessage(path);

  function submit(event: FormEvent) {
    event.preventDefault();
    check.mutate();
  }

  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="rate-check-title">
      <Title order={2} size="h4" mb="xs" id="rate-check-title">
        {t('tariffs.rateCheck')}
      </Title>
      <Stack>
        <SegmentedControl
          value={mode}
          onChange={(value) => setMode(value)}
          data={[
            { value: 'usage', label: t('tariffs.typedUsage') },
            { value: 'account', label: t('tariffs.accountHistory') },
          ]}
          w="fit-content"
        />
        {error && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group align="flex-start">
          <TextInput
            label={t('tariffs.periodStart')}
            type="date"
            value={periodStart}
            onChange={(event) => setPeriodStart(event.currentTarget.value)}
            required
            error={fieldError('periodStart')}
          />
          <TextInput
            label={t('tariffs.periodEnd')}
            type="date"
            value={periodEnd}
            onChange={(event) => setPeriodEnd(event.currentTarget.value)}
            required
            error={fieldError('periodEnd')}
          />
          {mode === 'usage' ? (
            <>
              <TextInput
                label={t('tariffs.energy')}
                value={energy}
                onChange={(event) => setEnergy(event.currentTarget.value)}
                inputMode="decimal"
                error={fieldError('usage.registers.0.quantity') ?? fieldError('usage')}
              />
              <TextInput
                label={t('tariffs.demand')}
                value={demand}
                onChange={(event) => setDemand(event.currentTarget.value)}
                inputMode="decimal"
                error={fieldError('usage.registers.1.quantity')}
              />
            </>
          ) : (
            <TextInput
              label={t('payments.account')}
              value={accountNumber}
              onChange={(event) => setAccountNumber(event.currentTarget.value)}
              required
              error={fieldError('accountNumber') ?? fieldError('accountId')}
            />
          )}
          <Button type="submit" loading={check.isPending} mt={24}>
            {t('tariffs.rateCheck')}
          </Button>
        </Group>
        {check.data && (
          <Stack gap="xs" data-testid="rate-check-result">
            <Text fw={700}>
              {t('bill.total')}: {format.money(check.data.totalMinor, check.data.currency)}
            </Text>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bill.description')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('bill.quantity')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('bill.unitPrice')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('bill.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {check.data.segments.flatMap((segment, segmentIndex) =>
                  segment.lines.map((line) => (
                    <Fragment key={`${segmentIndex}-${line.lineNumber}`}>
                      <Table.Tr>
                        <Table.Td>{line.description}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>
                          {format.quantity(line.quantity, line.unit)}
                        </Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{line.unitPrice ?? '—'}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>
                          {format.money(line.amountMinor, check.data.currency)}
                        </Table.Td>
                      </Table.Tr>
                      <Table.Tr>
                        <Table.Td colSpan={4}>
                          <details>
                            <summary>{t('bill.trace')}</summary>
                            <TraceView value={line.trace} />
                          </details>
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
