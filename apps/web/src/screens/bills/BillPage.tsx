import { Badge, Button, Card, Collapse, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { Bill } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import { BackLink } from '../../components/BackLink.js';
import { ErrorState, LoadingState } from '../../components/states.js';
import { LineTrace } from '../../components/TraceView.js';
import { useFormat } from '../../format/format.js';
import type { AccountWithAgreements } from '../accounts/account-types.js';
import { collectBillReads } from './bill-reads.js';
import { BillHeader } from './BillHeader.js';
import { useLineFormat } from './use-line-format.js';

/**
 * Shows a bill with every line and, on request, how each line was calculated. It prints as a clean page
 * with a header that names the customer, the account and the service addresses. The calculation panels
 * stay off paper, open or not, and a note on the printed page states this.
 */
export function BillPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { billId = '' } = useParams();
  const [openTraces, setOpenTraces] = useState<Set<number>>(new Set());
  const mayReadAccounts = usePermission('customers:read');
  const bill = useQuery({ queryKey: ['bill', billId], queryFn: () => api<Bill>(`/v1/bills/${billId}`) });
  const accountId = bill.data?.accountId;
  // The header's customer name and service addresses come with the account; without customers:read the
  // bill still prints its own account number and dates.
  const account = useQuery({
    queryKey: ['account', accountId],
    queryFn: () => api<AccountWithAgreements>(`/v1/accounts/${accountId}`),
    enabled: mayReadAccounts && accountId !== undefined,
  });
  const lineFormat = useLineFormat(bill.data?.currency ?? 'USD');

  if (bill.isPending) return <LoadingState />;
  if (bill.isError) return <ErrorState error={bill.error} onRetry={() => void bill.refetch()} />;
  const data = bill.data;
  const reads = collectBillReads(data.segments);
  const meterSerials = new Map(
    (account.data?.agreements ?? []).flatMap((agreement) =>
      (agreement.servicePoint?.meters ?? []).map((meter) => [meter.meterId, meter.serialNumber] as const),
    ),
  );

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
          {data.isEstimated && (
            <Badge color="yellow.4" autoContrast>
              {t('bill.estimated')}
            </Badge>
          )}
        </Group>
        <Group className="no-print">
          <BackLink fallback={`/accounts/${data.accountId}`} />
          <Button variant="default" onClick={() => window.print()}>
            {t('common.print')}
          </Button>
        </Group>
      </Group>
      <BillHeader bill={data} account={account.data} />
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
                    {lineFormat.quantity(line.quantity, line.unit)}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {lineFormat.unitPrice(line.unitPrice, line.unit)}
                  </Table.Td>
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
                <Table.Tr className="no-print">
                  <Table.Td colSpan={6} p={0} style={{ borderTop: 0 }}>
                    <Collapse expanded={openTraces.has(line.lineNumber)}>
                      <Card m="xs" withBorder id={`trace-${line.lineNumber}`} data-testid="line-trace">
                        <Text size="xs" fw={700} mb={4}>
                          {t('bill.trace')}
                        </Text>
                        <LineTrace
                          line={line}
                          currency={data.currency}
                          reads={reads}
                          meterSerials={meterSerials}
                        />
                      </Card>
                    </Collapse>
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" className="print-only">
        {t('billPrint.tracesNotPrinted')}
      </Text>
    </Stack>
  );
}
