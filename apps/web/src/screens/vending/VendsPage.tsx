import { Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { DataTable, type Column, type Filter } from '../../components/DataTable.js';
import { FormError } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { displayUnit } from '../accounts/read-periods.js';
import { useIsAgentSession, useVendingAgents } from './use-vending-agents.js';
import { localizeVendingError } from './vending-errors.js';
import type { PrepaidVend, PrepaidVendListItem } from './vending-types.js';

const statuses = ['issued', 'released', 'reversed'] as const;

/**
 * Lists earlier sales, newest first, to find one by day, meter number or reference and open or reprint
 * its receipt. An agent's login lists its own agent's sales only, which the server enforces, and staff see
 * every agent's, with the agent as a column and a filter. The URL keeps the filters, sort and page.
 */
export function VendsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const isAgent = useIsAgentSession();
  const agents = useVendingAgents();
  const maySell = usePermission('vending:write');
  const reprint = useReprint();

  const agentName = (agentId: string | null) => {
    if (agentId === null) return t('vending.vends.noAgent');
    return agents.data?.find((agent) => agent.id === agentId)?.name ?? agentId;
  };

  const columns: Column<PrepaidVendListItem>[] = [
    {
      id: 'issuedAt',
      header: t('vending.receipt.issuedAt'),
      sortField: 'issuedAt',
      csvColumns: ['issuedAt'],
      render: (vend) => (
        <Anchor component={Link} to={`/vending/vends/${vend.id}`} data-testid="vend-link">
          {format.dateTime(vend.issuedAt)}
        </Anchor>
      ),
    },
    {
      id: 'pan',
      header: t('vending.meterNumber'),
      csvColumns: ['pan'],
      render: (vend) => <span data-testid="vend-pan">{vend.pan}</span>,
    },
    {
      id: 'customer',
      header: t('vending.customer'),
      csvColumns: ['customerName', 'accountNumber'],
      render: (vend) => (
        <>
          <Text size="sm" component="div" data-testid="vend-customer">
            {vend.customerName}
          </Text>
          <Text size="xs" c="gray.8" component="div">
            {t('vending.accountNumber', { number: vend.accountNumber })}
          </Text>
        </>
      ),
    },
    {
      id: 'reference',
      header: t('vending.receipt.reference'),
      csvColumns: ['transactionReference'],
      render: (vend) => (
        <Text span size="sm" ff="monospace" data-testid="vend-reference">
          {vend.transactionReference}
        </Text>
      ),
    },
    ...(isAgent
      ? []
      : [
          {
            id: 'agent',
            header: t('vending.sales.agent'),
            csvColumns: ['agentId'],
            render: (vend: PrepaidVendListItem) => agentName(vend.agentId),
          },
        ]),
    {
      id: 'amount',
      header: t('vending.receipt.amountPaid'),
      align: 'right',
      sortField: 'tenderedMinor',
      csvColumns: ['currency', 'tendered'],
      render: (vend) => (
        <span data-testid="vend-amount">{format.money(vend.tenderedMinor, vend.currency)}</span>
      ),
    },
    {
      id: 'units',
      header: t('vending.receipt.units'),
      align: 'right',
      sortField: 'units',
      csvColumns: ['units', 'unit', 'service'],
      render: (vend) => (
        <>
          <span data-testid="vend-units">{format.quantity(vend.units, displayUnit(vend.unit))}</span>
          <Text size="xs" c="gray.8" component="div" data-testid="vend-service">
            {t(`vending.services.${vend.service}`)}
          </Text>
        </>
      ),
    },
    {
      id: 'status',
      header: t('common.status'),
      sortField: 'status',
      csvColumns: ['status'],
      render: (vend) => <span data-testid="vend-status-cell">{t(`vending.statuses.${vend.status}`)}</span>,
    },
    {
      id: 'reprints',
      header: t('vending.receipt.reprints'),
      align: 'right',
      csvColumns: ['reprintCount'],
      hiddenByDefault: true,
      render: (vend) => format.number(vend.reprintCount),
    },
    ...(maySell
      ? [
          {
            id: 'actions',
            header: t('vending.vends.actions'),
            render: (vend: PrepaidVendListItem) =>
              vend.status === 'reversed' ? null : (
                <Button
                  size="compact-sm"
                  variant="default"
                  loading={reprint.isPending && reprint.variables === vend.id}
                  onClick={() => reprint.mutate(vend.id)}
                  aria-label={t('vending.vends.reprintOf', { reference: vend.transactionReference })}
                >
                  {t('vending.vends.reprint')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  const filters: Filter[] = [
    { name: 'accountingDateFrom', label: t('common.from'), kind: 'date' },
    { name: 'accountingDateTo', label: t('common.to'), kind: 'date' },
    { name: 'pan', label: t('vending.meterNumber'), kind: 'text' },
    { name: 'transactionReference', label: t('vending.receipt.reference'), kind: 'text' },
    {
      name: 'status',
      label: t('common.status'),
      kind: 'select',
      options: statuses.map((status) => ({ value: status, label: t(`vending.statuses.${status}`) })),
    },
    ...(isAgent || agents.data === undefined
      ? []
      : [
          {
            name: 'agentId',
            label: t('vending.sales.agent'),
            kind: 'select' as const,
            options: agents.data.map((agent) => ({
              value: agent.id,
              label: `${agent.name} · ${agent.code}`,
            })),
          },
        ]),
  ];

  return (
    <Stack>
      <Title order={1}>{t('vending.vends.title')}</Title>
      <Text size="sm" c="gray.8">
        {t('vending.vends.hint')}
      </Text>
      <FormError error={localizeVendingError(reprint.error, t)} fields={[]} />
      <DataTable
        resource="vending-vends"
        path="/v1/prepaid/vends"
        caption={t('vending.vends.title')}
        columns={columns}
        rowKey={(vend) => vend.id}
        defaultSort="issuedAt:desc"
        filters={filters}
        csv
      />
    </Stack>
  );
}

/**
 * Reprints a sale from the list: the server counts the copy and returns the same tokens, and the receipt
 * opens with them marked as a copy.
 */
function useReprint() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vendId: string) =>
      api<PrepaidVend>(`/v1/prepaid/vends/${vendId}/reprint`, { method: 'POST' }),
    onSuccess: async (printed) => {
      queryClient.setQueryData(['vend', printed.id], { ...printed, copy: false });
      await queryClient.invalidateQueries({ queryKey: ['vending-vends'] });
      await navigate(`/vending/vends/${printed.id}`, { state: { copy: printed } });
    },
  });
}
