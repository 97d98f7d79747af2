import {
  Badge,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { TariffWithVersions } from '../../api/types.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { ComponentDescription } from './ComponentDescription.js';
import { RateCheck } from './RateCheck.js';
import { findPeriodName, type TouSchedule, type VersionDefinition } from './tou-periods.js';

/** A stored tariff version: a whole tariff definition whose `versions` contains this one version only. */
type StoredDefinition = { versions?: VersionDefinition[] };

// Distinct colours for up to eight TOU periods, dark enough for black text at AA contrast on white.
const periodColors = ['#a5d8ff', '#ffd8a8', '#b2f2bb', '#eebefa', '#ffec99', '#c5f6fa', '#ffc9c9', '#d0bfff'];

/** Shows a tariff: its versions on a timeline, the chosen version's components and TOU grid, and a rate check. */
export function TariffPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { tariffId = '' } = useParams();
  const tariff = useQuery({
    queryKey: ['tariff', tariffId],
    queryFn: () => api<TariffWithVersions>(`/v1/tariffs/${tariffId}`),
  });
  const [selected, setSelected] = useState(0);

  if (tariff.isPending) return <LoadingState />;
  if (tariff.isError) return <ErrorState error={tariff.error} onRetry={() => void tariff.refetch()} />;
  const data = tariff.data;
  const versions = [...data.versions].sort((left, right) =>
    right.effectiveFrom.localeCompare(left.effectiveFrom),
  );
  const version = versions[selected];
  const definition: VersionDefinition =
    (version?.definition as StoredDefinition | undefined)?.versions?.[0] ?? {};

  return (
    <Stack>
      <Group>
        <Title order={1}>
          {data.code} · {data.name}
        </Title>
        <Badge variant="outline">{data.service}</Badge>
      </Group>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('tariffs.versions')}
        </Title>
        {versions.length === 0 ? (
          <EmptyState />
        ) : (
          <Timeline active={selected} bulletSize={16} lineWidth={2}>
            {versions.map((item, index) => (
              <Timeline.Item
                key={item.id}
                title={
                  <Text
                    component="button"
                    type="button"
                    onClick={() => setSelected(index)}
                    fw={index === selected ? 700 : 400}
                    style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
                    aria-pressed={index === selected}
                  >
                    {format.date(item.effectiveFrom)} –{' '}
                    {item.effectiveTo ? format.date(item.effectiveTo) : '…'}
                  </Text>
                }
              />
            ))}
          </Timeline>
        )}
      </Card>
      {version && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('tariffs.components')}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.kind')}</Table.Th>
                  <Table.Th>{t('tariffs.name')}</Table.Th>
                  <Table.Th>{t('bill.description')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(definition.components ?? []).map((component) => (
                  <Table.Tr key={component.id}>
                    <Table.Td>{component.kind}</Table.Td>
                    <Table.Td>{component.name ?? component.id}</Table.Td>
                    <Table.Td>
                      <ComponentDescription component={component} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {(definition.schedules ?? []).map((schedule) => (
        <TouGrid key={schedule.id} schedule={schedule} definition={definition} />
      ))}
      {version && <RateCheck tariffId={tariffId} definition={definition} />}
    </Stack>
  );
}

/** Draws a TOU schedule as a month × hour grid, one colour per period, for weekdays or weekends. */
function TouGrid({ schedule, definition }: { schedule: TouSchedule; definition: VersionDefinition }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [dayType, setDayType] = useState<'weekday' | 'weekend' | 'holiday'>('weekday');
  const matrix = schedule[dayType] ?? schedule.weekend;
  const monthNames = Array.from({ length: 12 }, (_, month) =>
    new Intl.DateTimeFormat(format.locale, { month: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, month, 1)),
    ),
  );
  const periods = [...new Set(matrix.flat())].sort((left, right) => left - right);
  const periodLabel = (period: number) => {
    const name = findPeriodName(definition, schedule.id, period);
    return name ? `${period} · ${name}` : t('tariffs.periodNumber', { number: period });
  };

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('tariffs.touGrid')} · {schedule.id}
        </Title>
        <SegmentedControl
          size="xs"
          value={dayType}
          onChange={(value) => setDayType(value as typeof dayType)}
          data={[
            { value: 'weekday', label: 'Mon–Fri' },
            { value: 'weekend', label: 'Sat–Sun' },
            ...(schedule.holiday ? [{ value: 'holiday', label: '★' }] : []),
          ]}
        />
      </Group>
      <Table.ScrollContainer minWidth={700}>
        <table style={{ borderCollapse: 'collapse', fontSize: 11 }} aria-label={t('tariffs.touGrid')}>
          <thead>
            <tr>
              <th scope="col">{t('tariffs.month')}</th>
              {Array.from({ length: 24 }, (_, hour) => (
                <th key={hour} scope="col" style={{ width: 24, fontWeight: 400 }}>
                  {hour}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((hours, month) => (
              <tr key={month}>
                <th scope="row" style={{ textAlign: 'left', paddingRight: 8, fontWeight: 400 }}>
                  {monthNames[month]}
                </th>
                {hours.map((period, hour) => (
                  <Tooltip
                    key={hour}
                    label={`${monthNames[month]} ${hour}:00 → ${periodLabel(period)}`}
                    withinPortal
                  >
                    <td
                      style={{
                        background: periodColors[period % periodColors.length],
                        border: '1px solid white',
                        textAlign: 'center',
                        height: 20,
                      }}
                    >
                      {period}
                    </td>
                  </Tooltip>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Table.ScrollContainer>
      <Group gap="xs" mt="xs">
        {periods.map((period) => (
          <Badge
            key={period}
            tt="none"
            style={{ background: periodColors[period % periodColors.length], color: '#000' }}
          >
            {periodLabel(period)}
          </Badge>
        ))}
      </Group>
    </Card>
  );
}
