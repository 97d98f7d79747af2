import { Alert, Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { BillListItem, BillRun } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { useBillListColumns, useBillListFilters } from '../bills/use-bill-list-columns.js';

type BillRunException = {
  accountId: string;
  accountNumber: string;
  agreementId: string | null;
  servicePointMarketId: string | null;
  reasonCode: string;
  detail: string;
};

/** Codes the billing module records on an exception; others show as "Billing code X". */
const reasonCodes = [
  'NO_METER',
  'INCOMPLETE_INTERVAL_DATA',
  'NO_START_READ',
  'NO_END_READ',
  'BACKWARDS_READ',
  'SUSPECT_READ',
  'NEGATIVE_TRUE_UP',
  'INVALID_READ',
  'NO_TARIFF_VERSION',
  'INVALID_TARIFF',
  'UNRATED',
  'UNSUPPORTED_UNIT',
] as const;

/** Navigation state from the bill runs page: `existing` is set when the run existed already for the cut-off. */
export type BillRunPageState = { existing?: boolean };

/** Shows a bill run's progress, refreshed every second while it runs, its exceptions and its bills. */
export function BillRunPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { billRunId = '' } = useParams();
  const openedExisting = (useLocation().state as BillRunPageState | null)?.existing === true;
  const run = useQuery({
    queryKey: ['bill-run', billRunId],
    queryFn: () => api<BillRun>(`/v1/bill-runs/${billRunId}`),
    // A failed load stops the polling too: a 403 or 404 stays the same however often it is asked.
    refetchInterval: (query) =>
      query.state.status === 'error' ||
      query.state.data?.status === 'completed' ||
      query.state.data?.job?.status === 'failed'
        ? false
        : 1000,
  });
  const exceptions = useQuery({
    queryKey: ['bill-run-exceptions', billRunId, run.data?.exceptionsCount],
    queryFn: () =>
      api<{ items: BillRunException[]; total: number }>(`/v1/bill-runs/${billRunId}/exceptions`, {
        query: { limit: 100 },
      }),
    enabled: (run.data?.exceptionsCount ?? 0) > 0,
  });
  const queryClient = useQueryClient();
  const billsCreated = run.data?.billsCreated;
  const billColumns = useBillListColumns();
  const billFilters = useBillListFilters();
  // The bill table reloads as the run makes bills, so a running run fills it chunk by chunk.
  useEffect(() => {
    if (billsCreated !== undefined) void queryClient.invalidateQueries({ queryKey: ['bill-run-bills'] });
  }, [billsCreated, queryClient]);

  if (run.isPending) return <LoadingState />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const percent =
    data.accountsTotal === 0
      ? data.status === 'completed'
        ? 100
        : 0
      : (data.accountsProcessed / data.accountsTotal) * 100;

  return (
    <Stack>
      <Group>
        <Title order={1}>
          {t('billRuns.title')} · {format.date(data.cutOffOn)}
        </Title>
        <Badge variant="outline" data-testid="bill-run-status">
          {t(`billRuns.statuses.${data.status}`)}
        </Badge>
      </Group>
      {openedExisting && (
        <Alert color="blue" role="status">
          {t('billRunReport.existing')}
        </Alert>
      )}
      {data.job?.status === 'failed' && (
        <Alert color="red" role="alert">
          {t('billRuns.jobFailed', { attempts: data.job.attempts, error: data.job.lastError ?? '' })}
        </Alert>
      )}
      <Card withBorder>
        <Text size="sm" mb={4}>
          {t('billRuns.progress')}:{' '}
          {t('billRuns.accounts', { processed: data.accountsProcessed, total: data.accountsTotal })}
        </Text>
        <Progress
          value={percent}
          aria-label={t('billRuns.progress')}
          animated={data.status !== 'completed'}
        />
      </Card>
      <SimpleGrid cols={{ base: 2 }}>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('billRuns.billsCreated')}
          </Text>
          <Text fw={700}>{format.number(data.billsCreated)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('billRuns.exceptions')}
          </Text>
          <Text fw={700}>{format.number(data.exceptionsCount)}</Text>
        </Card>
      </SimpleGrid>
      {data.accountsNothingDue > 0 && (
        <Alert color="gray" data-testid="nothing-due">
          {t('billRunReport.nothingDue', { count: format.number(data.accountsNothingDue) })}
        </Alert>
      )}
      {data.exceptionsCount > 0 && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('billRuns.exceptions')}
          </Title>
          {exceptions.isPending ? (
            <LoadingState />
          ) : exceptions.isError ? (
            <ErrorState error={exceptions.error} />
          ) : (
            <ul>
              {exceptions.data.items.map((exception) => (
                <ExceptionItem
                  key={`${exception.accountId}-${exception.agreementId ?? ''}`}
                  exception={exception}
                />
              ))}
            </ul>
          )}
        </Card>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('bills.ofRun')}
        </Title>
        <DataTable<BillListItem>
          resource="bill-run-bills"
          path="/v1/bills"
          fixedQuery={{ billRunId }}
          caption={t('bills.ofRun')}
          columns={billColumns.map((column) =>
            ['kind', 'period', 'dueDate'].includes(column.id) ? { ...column, hiddenByDefault: true } : column,
          )}
          rowKey={(bill) => bill.id}
          defaultSort="accountNumber:asc"
          filters={billFilters}
          csv
        />
      </Card>
    </Stack>
  );
}

function ExceptionItem({ exception }: { exception: BillRunException }) {
  const { t } = useTranslation();
  const format = useFormat();
  const code = reasonCodes.find((candidate) => candidate === exception.reasonCode);
  // The engine writes its detail in English, with ids and ISO dates, for support staff: it stays folded
  // under the translated reason, with its dates formatted for the user.
  const detail = exception.detail.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => format.date(date));
  return (
    <li data-testid="bill-run-exception">
      <Anchor component={Link} to={`/accounts/${exception.accountId}`}>
        {exception.accountNumber}
      </Anchor>
      {exception.servicePointMarketId &&
        ` · ${t('billRunReport.servicePoint', { marketId: exception.servicePointMarketId })}`}{' '}
      ·{' '}
      <Text span fw={600}>
        {code
          ? t(`billRunReport.reasons.${code}`)
          : t('billRunReport.reasons.unknown', { code: exception.reasonCode })}
      </Text>
      {detail && (
        <Text size="xs" c="gray.8" component="details">
          <summary>{t('billRunReport.detail')}</summary>
          <span lang="en">{detail}</span>
        </Text>
      )}
    </li>
  );
}
