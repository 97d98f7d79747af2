import { Anchor, Button, Checkbox, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client.js';
import type { BillRun } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { ErrorState } from '../../components/states.js';
import { checkFormBody } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { FormCard } from '../../forms/FormCard.js';
import { useFormat } from '../../format/format.js';
import type { BillRunPageState } from './BillRunPage.js';
import { startBillRunBody } from '../../../../server/src/modules/billing/domain/bill-request-schemas.js';

type BillCycle = { id: string; code: string; name: string };

export function BillRunsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mayStart = usePermission('billing:write');
  const columns: Column<BillRun>[] = [
    {
      id: 'cutOffOn',
      header: t('billRuns.cutOffOn'),
      sortField: 'cutOffOn',
      csvColumns: ['cutOffOn'],
      render: (run) => (
        <Anchor component={Link} to={`/bill-runs/${run.id}`}>
          {format.date(run.cutOffOn)}
        </Anchor>
      ),
    },
    {
      id: 'status',
      header: t('common.status'),
      csvColumns: ['status'],
      render: (run) => t(`billRuns.statuses.${run.status}`),
    },
    {
      id: 'progress',
      header: t('billRuns.progress'),
      csvColumns: ['accountsProcessed', 'accountsTotal'],
      render: (run) => t('billRuns.accounts', { processed: run.accountsProcessed, total: run.accountsTotal }),
    },
    {
      id: 'bills',
      header: t('billRuns.billsCreated'),
      align: 'right',
      csvColumns: ['billsCreated'],
      render: (run) => run.billsCreated,
    },
    {
      id: 'exceptions',
      header: t('billRuns.exceptions'),
      align: 'right',
      csvColumns: ['exceptionsCount'],
      render: (run) => run.exceptionsCount,
    },
    {
      id: 'created',
      header: t('customers.created'),
      sortField: 'createdAt',
      csvColumns: ['createdAt'],
      render: (run) => format.dateTime(run.createdAt),
    },
  ];
  return (
    <Stack>
      <Title order={1}>{t('billRuns.title')}</Title>
      {mayStart && <StartBillRun />}
      <DataTable
        resource="bill-runs"
        path="/v1/bill-runs"
        caption={t('billRuns.title')}
        columns={columns}
        rowKey={(run) => run.id}
        csv
      />
    </Stack>
  );
}

function StartBillRun() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const cycles = useQuery({
    queryKey: ['bill-cycles'],
    queryFn: () => api<{ items: BillCycle[] }>('/v1/bill-cycles'),
  });
  const [chosenCycleId, setChosenCycleId] = useState('');
  const [cutOffOn, setCutOffOn] = useState('');
  const [issueBills, setIssueBills] = useState(true);
  // The select shows the first cycle until the user picks one, so that is the cycle sent.
  const billCycleId = chosenCycleId || cycles.data?.items[0]?.id || '';
  const fields = {
    billCycleId: { label: t('billRuns.cycle'), paths: ['billCycleId'], kind: 'choice' },
    cutOffOn: { label: t('billRuns.cutOffOn'), paths: ['cutOffOn'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const start = useMutation({
    mutationFn: async () => {
      const body = checkFormBody(
        startBillRunBody,
        { billCycleId, cutOffOn, issueBills },
        { fields: fieldList, t },
      );
      // The server returns the run that exists for the cycle and cut-off instead of opening a second one,
      // with status 200 instead of 202, which api() does not expose. So the list is queried first.
      const existing = await api<{ total: number }>('/v1/bill-runs', {
        query: {
          billCycleId: body.billCycleId,
          cutOffOnFrom: body.cutOffOn,
          cutOffOnTo: body.cutOffOn,
          limit: 1,
        },
      });
      const run = await api<BillRun>('/v1/bill-runs', { method: 'POST', body });
      return { run, existing: existing.total > 0 };
    },
    onSuccess: ({ run, existing }) => {
      const state: BillRunPageState = { existing };
      void navigate(`/bill-runs/${run.id}`, { state });
    },
  });
  const error = start.error instanceof ApiError ? start.error : null;
  const messages = useFieldMessages(error, fields);

  if (cycles.isError) return <ErrorState error={cycles.error} />;
  return (
    <FormCard
      title={t('billRuns.start')}
      error={start.error}
      fields={fieldList}
      onSubmit={() => start.mutate()}
    >
      <Group align="flex-start">
        <NativeSelect
          label={t('billRuns.cycle')}
          value={billCycleId}
          onChange={(event) => setChosenCycleId(event.currentTarget.value)}
          data={(cycles.data?.items ?? []).map((cycle) => ({
            value: cycle.id,
            label: `${cycle.code} · ${cycle.name}`,
          }))}
          required
          error={messages.billCycleId}
        />
        <TextInput
          label={t('billRuns.cutOffOn')}
          type="date"
          value={cutOffOn}
          onChange={(event) => setCutOffOn(event.currentTarget.value)}
          required
          error={messages.cutOffOn}
        />
        <Checkbox
          label={t('billRuns.issueBills')}
          checked={issueBills}
          onChange={(event) => setIssueBills(event.currentTarget.checked)}
          mt={32}
        />
        <Button type="submit" loading={start.isPending} mt={24}>
          {t('billRuns.start')}
        </Button>
      </Group>
    </FormCard>
  );
}
