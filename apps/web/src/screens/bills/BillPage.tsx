import {
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { Bill } from '../../api/types.js';
import { ErrorState, LoadingState } from '../../components/states.js';
import { TraceView } from '../../components/TraceView.js';
import { useFormat } from '../../format/format.js';

/** Shows a bill with every line and, on request, how each line was calculated. It prints as a clean page. */
export function BillPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { billId = '' } = useParams();
  const [openTraces, setOpenTraces] = useState<Set<number>>(new Set());
  const bill = useQuery({ queryKey: ['bill', billId], queryFn: () => api<Bill>(`/v1/bills/${billId}`) });

  if (bill.isPending) return <LoadingState />;
  if (bill.isError) return <ErrorState error={bill.error} onRetry={() => void bill.refetch()} />;
  const data = bill.data;

  function toggle(line: number) {
    setOpenTraces((current) => {
      const next = new Set(current);
      if (next.has(line)) next.delete(line);
      else next.add(line);
      return next;
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={1}>
            {data.invoiceNumber ? t('bill.title', { number: data.invoiceNumber }) : t('bill.draft')}
          </Title>
          <Badge variant="outline">{t(`bill.statuses.${data.status}`)}</Badge>
          <Badge variant="outline" color="gray.8">
            {t(`bill.kinds.${data.kind}`)}
          </Badge>
          {data.isEstimated && <Badge color="yellow.9">{t('bill.estimated')}</Badge>}
        </Group>
        <Group className="no-print">
          <Anchor component={Link} to={`/accounts/${data.accountId}`}>
            {t('common.back')}
          </Anchor>
          <Button variant="default" onClick={() => window.print()}>
            {t('common.print')}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('bill.period')}
          </Text>
          <Text>
            {format.date(data.periodStart)} – {format.date(data.periodEnd)}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('bill.issueDate')}
          </Text>
          <Text>{format.date(data.issueDate)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('bill.dueDate')}
          </Text>
          <Text>{format.date(data.dueDate)}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="gray.8">
            {t('bill.total')}
          </Text>
          <Text fw={700} data-testid="bill-total">
            {format.money(data.totalMinor, data.currency)}
          </Text>
        </Card>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={600}>
        <Table>
          <Table.Caption>{t('bill.lines')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bill.line')}</Table.Th>
              <Table.Th>{t('bill.description')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('bill.quantity')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('bill.unitPrice')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('bill.amount')}</Table.Th>
              <Table.Th className="no-print">{t('bill.trace')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.lines.map((line) => (
              <Fragment key={line.lineNumber}>
                <Table.Tr>
                  <Table.Td>{line.lineNumber}</Table.Td>
                  <Table.Td>{line.description}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {format.quantity(line.quantity, line.unit)}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{line.unitPrice ?? '—'}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {format.money(line.amountMinor, data.currency)}
                  </Table.Td>
                  <Table.Td className="no-print">
                    <Button
                      variant="default"
                      size="compact-xs"
                      onClick={() => toggle(line.lineNumber)}
                      aria-expanded={openTraces.has(line.lineNumber)}
                      aria-controls={`trace-${line.lineNumber}`}
                    >
                      {t('bill.showTrace', { line: line.lineNumber })}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td colSpan={6} p={0} style={{ borderTop: 0 }}>
                    <Collapse expanded={openTraces.has(line.lineNumber)}>
                      <Card m="xs" withBorder id={`trace-${line.lineNumber}`} data-testid="line-trace">
                        <Text size="xs" fw={700} mb={4}>
                          {t('bill.trace')}
                        </Text>
                        <TraceView value={line.trace} />
                      </Card>
                    </Collapse>
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
