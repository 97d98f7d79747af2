import { BarChart } from '@mantine/charts';
import { Box, Group, Table, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';
import {
  computeReadChartRows,
  periodReadTypes,
  type PeriodReadType,
  type PeriodRow,
  type RegisterHistory,
} from './read-periods.js';

// Estimated periods also get a light fill and a dashed outline, so that they differ by more than colour.
const readTypeColors: Record<PeriodReadType, MantineColor> = {
  actual: 'blue.8',
  estimated: 'orange.9',
  customer: 'teal.9',
};

type ReadPeriodsChartProps = {
  history: RegisterHistory;
  periods: PeriodRow[];
  /** The unit symbol to show, such as kWh or m³. */
  unit: string;
};

/**
 * Draws the use of each period between reads as a bar in the colour of its read type, followed by a
 * table of the same figures for screen readers and keyboard users.
 */
export function ReadPeriodsChart({ history, periods, unit }: ReadPeriodsChartProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = t(history.kind === 'demand' ? 'consumption.demandChart' : 'consumption.consumptionChart', {
    unit,
  });
  const rows = computeReadChartRows(periods, (period) => format.dateRange(period.start, period.end, 'short'));
  const typesShown = periodReadTypes.filter((type) => periods.some((period) => period.readType === type));
  const first = periods[0];
  const last = periods.at(-1);
  const summary = t('consumption.chartSummary', {
    title,
    count: periods.length,
    from: format.date(first?.start),
    to: format.date(last?.end),
  });

  return (
    <>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {/* The chart is an image of the table that follows it, so assistive technology reads the table. */}
      <Box role="img" aria-label={summary} data-testid="read-periods-chart">
        <BarChart
          h={240}
          data={rows}
          dataKey="period"
          type="stacked"
          series={typesShown.map((type) => ({
            name: type,
            label: t(`consumption.readTypes.${type}`),
            color: readTypeColors[type],
          }))}
          barProps={(series) =>
            series.name === 'estimated'
              ? {
                  fillOpacity: 0.45,
                  stroke: 'var(--mantine-color-orange-9)',
                  strokeWidth: 1.5,
                  strokeDasharray: '4 3',
                }
              : {}
          }
          valueFormatter={(value) => `${format.number(value)} ${unit}`}
          // The chart's title names the unit, so the axis shows bare numbers and only the tooltip adds it.
          yAxisProps={{ tickFormatter: (value: number) => format.number(value) }}
          withLegend
          tickLine="y"
          textColor="gray.8"
          accessibilityLayer={false}
        />
      </Box>
      <ReadPeriodsTable history={history} periods={periods} unit={unit} />
    </>
  );
}

function ReadPeriodsTable({ history, periods, unit }: ReadPeriodsChartProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table data-testid="read-periods-table">
      <Table.Caption>{t('consumption.tableCaption', { code: history.code, unit })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('consumption.period')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>{t('consumption.days')}</Table.Th>
          <Table.Th>{t('consumption.readType')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>{t('consumption.meterRead')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>
            {t(history.kind === 'demand' ? 'consumption.demand' : 'consumption.quantity')}
          </Table.Th>
          <Table.Th>{t('consumption.note')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {periods.map((period) => (
          <Table.Tr key={period.endReadId}>
            <Table.Td>
              <time dateTime={period.start}>{format.date(period.start)}</time> –{' '}
              <time dateTime={period.end}>{format.date(period.end)}</time>
            </Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{format.number(period.days)}</Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Box
                  aria-hidden
                  w={10}
                  h={10}
                  bg={readTypeColors[period.readType]}
                  style={{ borderRadius: 2, flexShrink: 0 }}
                />
                {t(`consumption.readTypes.${period.readType}`)}
              </Group>
            </Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{format.quantity(period.endRead?.value)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }} data-testid="period-quantity">
              {format.quantity(period.quantity, unit)}
            </Table.Td>
            <Table.Td>{periodNote(period, history.dials, t)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function periodNote(
  period: PeriodRow,
  dials: number,
  t: ReturnType<typeof useTranslation>['t'],
): string | null {
  switch (period.status) {
    case 'backwards':
      return t('consumption.backwards');
    case 'invalid':
      return t('consumption.invalid', { dials });
    case 'measured':
      return period.rolledOver ? t('consumption.rolledOver') : null;
  }
}
