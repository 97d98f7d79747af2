import { BarChart } from '@mantine/charts';
import { Box, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { bucketResponse } from '../../../../server/src/modules/readings/http/reading-schemas.js';
import { api } from '../../api/client.js';
import { useCompany } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { todayIn } from '../../format/today.js';
import { displayUnit } from './read-periods.js';

type BucketSize = 'day' | 'hour';
/** The server's buckets, with the size they were asked for. */
type IntervalBuckets = z.infer<typeof bucketResponse> & { bucketSize: BucketSize };
type Channel = IntervalBuckets['channels'][number];

/** Local days each view covers, today included: about two months by day, four days by hour. */
const daysShown: Record<BucketSize, number> = { day: 62, hour: 4 };

/** Interval data of a service point's channels, totalled by local day or by local hour. */
export function IntervalData({ servicePointId }: { servicePointId: string }) {
  const { t } = useTranslation();
  const timeZone = useCompany()?.timeZone ?? 'UTC';
  const headingId = useId();
  const [bucket, setBucket] = useState<BucketSize>('day');
  const intervals = useQuery({
    queryKey: ['interval-data', servicePointId, bucket, timeZone],
    queryFn: async (): Promise<IntervalBuckets> => {
      // The server takes local days in the company's time zone, `to` being the day after the last one.
      const to = addDays(todayIn(timeZone), 1);
      const response = await api<z.infer<typeof bucketResponse>>(
        `/v1/service-points/${servicePointId}/interval-data`,
        { query: { bucket, from: addDays(to, -daysShown[bucket]), to } },
      );
      return { ...response, bucketSize: bucket };
    },
    // The other view's chart stays on screen while this one loads, so an open table stays open.
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={4} size="h6" id={headingId}>
        {t('consumption.interval.title')}
      </Title>
      {intervals.isPending ? (
        <LoadingState />
      ) : intervals.isError ? (
        <ErrorState error={intervals.error} onRetry={() => void intervals.refetch()} />
      ) : intervals.data.channels.length === 0 ? (
        <Text size="sm" c="gray.8">
          {t('consumption.interval.noChannels')}
        </Text>
      ) : (
        <>
          <SegmentedControl
            value={bucket}
            onChange={(value) => setBucket(value === 'hour' ? 'hour' : 'day')}
            data={[
              { value: 'day', label: t('consumption.interval.byDay', { count: daysShown.day }) },
              { value: 'hour', label: t('consumption.interval.byHour', { count: daysShown.hour }) },
            ]}
            aria-label={t('consumption.interval.view')}
            size="xs"
            w="fit-content"
          />
          {intervals.data.channels.map((channel) => (
            <ChannelChart key={channel.id} channel={channel} data={intervals.data} />
          ))}
        </>
      )}
    </Stack>
  );
}

function ChannelChart({ channel, data }: { channel: Channel; data: IntervalBuckets }) {
  const { t } = useTranslation();
  const format = useFormat();
  const unit = displayUnit(channel.unit);
  const buckets = data.buckets.filter((entry) => entry.channelId === channel.id);
  const label = (value: string) => (data.bucketSize === 'day' ? format.date(value) : format.wallTime(value));
  const title = t('consumption.interval.chart', { channel: channel.name, unit });
  if (buckets.length === 0) return <EmptyState>{t('consumption.interval.noData')}</EmptyState>;

  // The chart draws quantities, never money, and only to scale, so the table shows the exact decimal text.
  const rows = buckets.map((entry) => ({ bucket: label(entry.bucket), total: Number(entry.total) }));
  return (
    <Stack gap="xs" data-testid="interval-chart">
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Box role="img" aria-label={title}>
        <BarChart
          h={220}
          data={rows}
          dataKey="bucket"
          series={[{ name: 'total', label: t('consumption.interval.total'), color: 'blue.8' }]}
          valueFormatter={(value) => `${format.number(value)} ${unit}`}
          // The chart's title names the unit, so the axis shows bare numbers and only the tooltip adds it.
          yAxisProps={{ tickFormatter: (value: number) => format.number(value) }}
          tickLine="y"
          textColor="gray.8"
          accessibilityLayer={false}
        />
      </Box>
      <details>
        <summary>{t('consumption.interval.showTable')}</summary>
        <Table>
          <Table.Caption>{title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consumption.interval.time')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('consumption.interval.total')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('consumption.interval.readings')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {buckets.map((entry) => (
              <Table.Tr key={entry.bucket}>
                <Table.Td>
                  <time dateTime={entry.bucket}>{label(entry.bucket)}</time>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{format.quantity(entry.total, unit)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{format.number(entry.readingCount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}

/**
 * Adds days to a calendar date (YYYY-MM-DD). The arithmetic runs on UTC midnights, which have no daylight
 * saving changes, so it counts calendar days exactly without bringing Temporal into the bundle.
 */
function addDays(date: string, days: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
