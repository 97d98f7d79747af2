import { Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { findAccountByNumber } from '../../api/find-account-by-number.js';
import { TraceView } from '../../components/TraceView.js';
import { checkFormBody, type DescribeIssue } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { FormCard } from '../../forms/FormCard.js';
import { toDecimalPoint } from '../../format/amounts.js';
import { useFormat } from '../../format/format.js';
import {
  maxRateCheckDays,
  rateCheckBody,
} from '../../../../server/src/modules/billing/http/rate-check-schemas.js';
import { listTouPeriods, type TouPeriod, type VersionDefinition } from './tou-periods.js';

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

type RegisterEntry = { field: string; register: Record<string, string | number> };

/** A quantity field for one TOU period of an energy or demand schedule. */
type TouInput = { key: string; measure: 'energy' | 'demand'; entry: TouPeriod; label: string };

/**
 * Prices a typed usage, or an account's read history, on the tariff, line by line, writing nothing. A TOU
 * tariff gets a quantity field per period of the shown version's energy and demand schedules, because TOU
 * charges cannot be priced from a total alone.
 */
export function RateCheck({ tariffId, definition }: { tariffId: string; definition: VersionDefinition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [mode, setMode] = useState<'usage' | 'account'>('usage');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [energy, setEnergy] = useState('');
  const [demand, setDemand] = useState('');
  // The typed quantity of each TOU field, by the field's key.
  const [touQuantities, setTouQuantities] = useState<Record<string, string>>({});
  const [accountNumber, setAccountNumber] = useState('');

  const periodName = (entry: TouPeriod) => entry.name ?? t('tariffs.periodNumber', { number: entry.period });
  const touInputs: TouInput[] = [
    ...listTouPeriods(definition, 'energy').map((entry) => ({
      key: touKey('energy', entry),
      measure: 'energy' as const,
      entry,
      label: t('tariffs.touEnergy', { period: periodName(entry) }),
    })),
    ...listTouPeriods(definition, 'demand').map((entry) => ({
      key: touKey('demand', entry),
      measure: 'demand' as const,
      entry,
      label: t('tariffs.touDemand', { period: periodName(entry) }),
    })),
  ];
  // A register's index in the body depends on which quantities are filled in.
  const entries: RegisterEntry[] = [
    ...(energy.trim()
      ? [{ field: 'energy', register: { measure: 'energy', quantity: toDecimalPoint(energy) } }]
      : []),
    ...(demand.trim()
      ? [{ field: 'demand', register: { measure: 'demand', quantity: toDecimalPoint(demand) } }]
      : []),
    ...touInputs.flatMap(({ key, measure, entry }) => {
      const text = touQuantities[key]?.trim() ?? '';
      if (text === '') return [];
      const register = {
        measure,
        quantity: toDecimalPoint(text),
        schedule: entry.schedule,
        period: entry.period,
      };
      return [{ field: key, register }];
    }),
  ];
  const registers = entries.map((entry) => entry.register);
  const registerPaths = (field: string) => {
    const index = entries.findIndex((entry) => entry.field === field);
    return index === -1 ? [] : [`usage.registers.${index}`];
  };
  const touFields: Record<string, FormField> = Object.fromEntries(
    touInputs.map((input) => [input.key, { label: input.label, paths: registerPaths(input.key) }]),
  );
  const periodFields = {
    periodStart: { label: t('tariffs.periodStart'), paths: ['periodStart'] },
    periodEnd: { label: t('tariffs.periodEnd'), paths: ['periodEnd'] },
  } satisfies Record<string, FormField>;
  const usageFields = {
    ...periodFields,
    energy: { label: t('tariffs.energy'), paths: ['usage', ...registerPaths('energy')] },
    demand: { label: t('tariffs.demand'), paths: registerPaths('demand') },
    ...touFields,
  } satisfies Record<string, FormField>;
  // Without an account the schema also reports the missing usage, which belongs to the account field here.
  const accountFields = {
    ...periodFields,
    accountNumber: { label: t('payments.account'), paths: ['accountNumber', 'accountId', 'usage'] },
  } satisfies Record<string, FormField>;
  // Only the fields on screen take messages, so one about a hidden field shows in the alert.
  const fieldList = Object.values(mode === 'usage' ? usageFields : accountFields);

  const describe: DescribeIssue = (issue, field) => {
    const path = issue.path.join('.');
    if (path === 'periodEnd' && issue.code === 'custom') {
      return t('tariffs.periodInvalid', {
        field: field.label,
        value: periodEnd,
        maxDays: maxRateCheckDays,
        startField: periodFields.periodStart.label,
        start: periodStart,
      });
    }
    if (path === 'usage.registers' && issue.code === 'too_small')
      return t('tariffs.usageMissing', {
        energy: usageFields.energy.label,
        demand: usageFields.demand.label,
      });
    if (path.endsWith('.quantity') && typeof issue.input === 'string' && issue.input !== '')
      return t('tariffs.quantityInvalid', { field: field.label, value: issue.input });
    return undefined;
  };

  const check = useMutation({
    mutationFn: async () => {
      const base = { periodStart, periodEnd };
      if (mode === 'account') {
        const number = accountNumber.trim();
        const account = number ? await findAccountByNumber(number) : undefined;
        const accountErrors = account
          ? []
          : [
              {
                path: 'accountId',
                message: number
                  ? t('payments.unknownAccount', { value: accountNumber })
                  : t('form.required', { field: accountFields.accountNumber.label }),
              },
            ];
        const body = checkFormBody(
          rateCheckBody,
          { ...base, accountId: account?.id },
          { fields: fieldList, t, describe, formErrors: accountErrors },
        );
        return api<RateCheckResult>(`/v1/tariffs/${tariffId}/rate-check`, { method: 'POST', body });
      }
      const body = checkFormBody(
        rateCheckBody,
        { ...base, usage: { registers } },
        { fields: fieldList, t, describe },
      );
      return api<RateCheckResult>(`/v1/tariffs/${tariffId}/rate-check`, { method: 'POST', body });
    },
  });
  const error = check.error instanceof ApiError ? check.error : null;
  const usageMessages: Partial<Record<string, string>> = useFieldMessages(error, usageFields);
  const accountMessages = useFieldMessages(error, accountFields);
  const periodMessages = mode === 'usage' ? usageMessages : accountMessages;

  return (
    <FormCard
      title={t('tariffs.rateCheck')}
      error={check.error}
      fields={fieldList}
      onSubmit={() => check.mutate()}
    >
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
        <Group align="flex-start">
          <TextInput
            label={t('tariffs.periodStart')}
            type="date"
            value={periodStart}
            onChange={(event) => setPeriodStart(event.currentTarget.value)}
            required
            error={periodMessages.periodStart}
          />
          <TextInput
            label={t('tariffs.periodEnd')}
            type="date"
            value={periodEnd}
            onChange={(event) => setPeriodEnd(event.currentTarget.value)}
            required
            error={periodMessages.periodEnd}
          />
          {mode === 'usage' ? (
            <>
              <TextInput
                label={t('tariffs.energy')}
                value={energy}
                onChange={(event) => setEnergy(event.currentTarget.value)}
                inputMode="decimal"
                error={usageMessages.energy}
              />
              <TextInput
                label={t('tariffs.demand')}
                value={demand}
                onChange={(event) => setDemand(event.currentTarget.value)}
                inputMode="decimal"
                error={usageMessages.demand}
              />
              {touInputs.map((input) => (
                <TextInput
                  key={input.key}
                  label={input.label}
                  value={touQuantities[input.key] ?? ''}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setTouQuantities((current) => ({ ...current, [input.key]: value }));
                  }}
                  inputMode="decimal"
                  error={usageMessages[input.key]}
                />
              ))}
            </>
          ) : (
            <TextInput
              label={t('payments.account')}
              value={accountNumber}
              onChange={(event) => setAccountNumber(event.currentTarget.value)}
              required
              error={accountMessages.accountNumber}
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
    </FormCard>
  );
}

function touKey(measure: 'energy' | 'demand', entry: TouPeriod): string {
  return `${measure}:${entry.schedule}:${entry.period}`;
}
