import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Card, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import type { RegisterRead } from './account-types.js';

type IntervalData = {
  timeZone: string;
  buckets: { channelId: string; bucket: string; total: string; readingCount: number }[];
};

/** Meters and reads of an account's service points: register reads, and interval data by day or hour. */
export function Consumption({ servicePointIds }: { servicePointIds: string[] }) {
  const { t } = useTranslation();
  const allowed = usePermission('readings:read');
  if (!allowed) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('account.meters')}
      </Title>
      <Stack>
        {servicePointIds.map((servicePointId) => (
          <ServicePointConsumption key={servicePointId} servicePointId={servicePointId} />
        ))}
      </Stack>
    </Card>
  );
}

function ServicePointConsumption({ servicePointId }: { servicePointId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [bucket, setBucket] = useState<'day' | 'hour'>('day');
  const reads = useQuery({
    queryKey: ['reads', servicePointId],
    queryFn: () =>
      api<{ items: RegisterRead[] }>('/v1/register-reads', { query: { servicePointId, limit: 24 } }),
  });
  const intervals = useQuery({
    queryKey: ['interval-data', servicePointId, bucket],
    queryFn: () => {
      // The last 62 days by day, or the last 4 days by hour.
      const to = new Date();
      const from = new Date(to.getTime() - (bucket === 'day' ? 62 : 4) * 86_400_000);
      return api<IntervalData>(`/v1/service-points/${servicePointId}/interval-data`, {
        query: { bucket, from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) },
      });
    },
  });

  // The chart draws quantities (kWh, m³), never money, so plotting them as numbers loses nothing shown.
  const chartData = (intervals.data?.buckets ?? []).slice(-(bucket === 'day' ? 62 : 96)).map((entry) => ({
    bucket: entry.bucket.slice(0, bucket === 'day' ? 10 : 16).replace('T', ' '),
    total: Number(entry.total),
  }));

  return (
    <Stack gap="xs">
      <Text fw={600} size="sm" ff="monospace">
        {servicePointId.slice(0, 8)}
      </Text>
      {reads.isPending ? (
        <LoadingState />
      ) : reads.isError ? (
        <ErrorState error={reads.error} />
      ) : reads.data.items.length === 0 ? null : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.date')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('bill.quantity')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reads.data.items.map((read) => (
              <Table.Tr key={read.id}>
                <Table.Td>{format.date(read.readOn)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{format.quantity(read.value)}</Table.Td>
                <Table.Td>
                  {read.kind} · {read.status}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <SegmentedControl
        value={bucket}
        onChange={(value) => setBucket(value)}
        data={[
          { value: 'day', label: t('account.consumption') + ' · 1d' },
          { value: 'hour', label: t('account.consumption') + ' · 1h' },
        ]}
        size="xs"
        w="fit-content"
      />
      {intervals.isPending ? (
        <LoadingState />
      ) : intervals.isError ? (
        <ErrorState error={intervals.error} />
      ) : chartData.length === 0 ? (
        <EmptyState />
      ) : (
        <BarChart
          h={220}
          data={chartData}
          dataKey="bucket"
          series={[{ name: 'total', label: t('account.consumption'), color: 'blue.8' }]}
          tickLine="y"
          aria-label={t('account.consumption')}
        />
      )}
    </Stack>
  );
}
