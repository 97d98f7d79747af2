import { Alert, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useCompany, useSession } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { todayIn } from '../../format/today.js';
import { AgentFloat } from './AgentFloat.js';
import { useIsAgentSession, useVendingAgents } from './use-vending-agents.js';
import type { AgentReconciliation, CashierDay, VendingAgent, VendingAgentDetails } from './vending-types.js';

/**
 * Shows a vending agent's float and one day's reconciliation: the float from opening to closing balance,
 * and the sales by login and outlet. The URL keeps the day (`date`) and, for staff, the agent chosen from
 * the list (`agent`).
 */
export function SalesPage() {
  const { t } = useTranslation();
  const company = useCompany();
  const isAgent = useIsAgentSession();
  const agents = useVendingAgents();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? todayIn(company?.timeZone ?? 'UTC');

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  }

  if (agents.isPending) return <LoadingState />;
  if (agents.isError) return <ErrorState error={agents.error} onRetry={() => void agents.refetch()} />;
  const agentId = params.get('agent') ?? agents.data[0]?.id;
  const agent = agents.data.find((candidate) => candidate.id === agentId);

  return (
    <Stack>
      <Title order={1}>{t('vending.sales.title')}</Title>
      {agents.data.length === 0 &&
        (isAgent ? (
          <Alert color="red" role="alert">
            {t('vending.errors.loginUnassigned')}
          </Alert>
        ) : (
          <EmptyState>{t('vending.sales.noAgents')}</EmptyState>
        ))}
      {agents.data.length > 0 && (
        <Group align="flex-end">
          {!isAgent && (
            <NativeSelect
              label={t('vending.sales.agent')}
              value={agentId ?? ''}
              onChange={(event) => setParam('agent', event.currentTarget.value)}
              data={agents.data.map((candidate) => ({
                value: candidate.id,
                label: `${candidate.name} · ${candidate.code}`,
              }))}
            />
          )}
          <TextInput
            label={t('vending.sales.date')}
            type="date"
            value={date}
            onChange={(event) => setParam('date', event.currentTarget.value)}
          />
        </Group>
      )}
      {agents.data.length > 0 && agent === undefined && (
        <Alert color="red" role="alert">
          {t('vending.sales.agentNotFound')}
        </Alert>
      )}
      {agent && (
        <>
          <AgentFloat agent={agent} />
          <AgentDay agent={agent} date={date} />
        </>
      )}
    </Stack>
  );
}

function AgentDay({ agent, date }: { agent: VendingAgent; date: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const details = useQuery({
    queryKey: ['vending-agent', agent.id],
    queryFn: () => api<VendingAgentDetails>(`/v1/prepaid/agents/${agent.id}`),
  });
  const day = useQuery({
    queryKey: ['vending-reconciliation', agent.id, date],
    queryFn: () =>
      api<AgentReconciliation>(`/v1/prepaid/agents/${agent.id}/reconciliation`, { query: { date } }),
  });

  if (day.isPending) return <LoadingState />;
  if (day.isError) return <ErrorState error={day.error} onRetry={() => void day.refetch()} />;
  const data = day.data;
  const money = (minor: string) => format.money(minor, data.currency);
  const floatRows = [
    ['openingFloat', data.openingFloatMinor],
    ['deposits', data.depositsMinor],
    ['vends', data.vendsMinor],
    ['commission', data.commissionMinor],
    ['reversals', data.reversalsMinor],
    ['adjustments', data.adjustmentsMinor],
    ['closingFloat', data.closingFloatMinor],
  ] as const;

  return (
    <>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('vending.sales.floatOfDay', { date: format.date(data.date) })}
        </Title>
        <Table data-testid="float-day">
          <Table.Tbody>
            {floatRows.map(([name, minor]) => (
              <Table.Tr key={name} data-row={name}>
                <Table.Th scope="row" fw={name === 'closingFloat' ? 700 : 400}>
                  {t(`vending.sales.float.${name}`)}
                </Table.Th>
                <Table.Td style={{ textAlign: 'right' }} fw={name === 'closingFloat' ? 700 : 400}>
                  {money(minor)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('vending.sales.salesOfDay', { date: format.date(data.date) })}
        </Title>
        {data.cashiers.length === 0 ? (
          <EmptyState>{t('vending.sales.noSales')}</EmptyState>
        ) : (
          <CashierTable cashiers={data.cashiers} details={details.data} currency={data.currency} />
        )}
      </Card>
    </>
  );
}

function CashierTable(props: {
  cashiers: CashierDay[];
  details: VendingAgentDetails | undefined;
  currency: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession().data;
  const money = (minor: string) => format.money(minor, props.currency);
  const right = { textAlign: 'right' } as const;
  const outletName = (outletId: string | null) => {
    if (outletId === null) return t('vending.sales.noOutlet');
    return props.details?.outlets.find((outlet) => outlet.id === outletId)?.name ?? outletId;
  };
  // Logins other than the user's own are named by id: an agent may not read the company's users.
  const sellerName = (cashier: CashierDay) =>
    cashier.actorKind === 'user' && cashier.actorId === session?.user.id
      ? session.user.displayName
      : t(cashier.actorKind === 'user' ? 'vending.sales.userId' : 'vending.sales.apiKeyId', {
          id: cashier.actorId,
        });

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table data-testid="sales-by-cashier">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vending.sales.seller')}</Table.Th>
            <Table.Th>{t('vending.sales.outlet')}</Table.Th>
            <Table.Th style={right}>{t('vending.sales.vendCount')}</Table.Th>
            <Table.Th style={right}>{t('vending.sales.tendered')}</Table.Th>
            <Table.Th style={right}>{t('vending.sales.commission')}</Table.Th>
            <Table.Th style={right}>{t('vending.sales.reversed')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.cashiers.map((cashier) => (
            <Table.Tr key={`${cashier.actorKind}:${cashier.actorId}:${cashier.outletId ?? ''}`}>
              <Table.Td>{sellerName(cashier)}</Table.Td>
              <Table.Td>{outletName(cashier.outletId)}</Table.Td>
              <Table.Td style={right} data-testid="sales-count">
                {format.number(cashier.vendCount)}
              </Table.Td>
              <Table.Td style={right} data-testid="sales-tendered">
                {money(cashier.tenderedMinor)}
              </Table.Td>
              <Table.Td style={right}>{money(cashier.commissionMinor)}</Table.Td>
              <Table.Td style={right}>
                <Text span size="sm">
                  {t('vending.sales.reversedAmount', {
                    count: cashier.reversedCount,
                    amount: money(cashier.reversedMinor),
                  })}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
