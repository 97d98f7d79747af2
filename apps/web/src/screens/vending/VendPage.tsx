import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { reverseVendBody } from '../../../../server/src/modules/prepayment/domain/vend-request-schemas.js';
import { api, ApiError } from '../../api/client.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { usePermission } from '../../auth/session.js';
import { BackLink } from '../../components/BackLink.js';
import { ErrorState, FormError, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { checkFormBody } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { FormCard } from '../../forms/FormCard.js';
import { CorrectVend } from './CorrectVend.js';
import { Receipt } from './Receipt.js';
import { SendReceipt } from './SendReceipt.js';
import { vendingAgentsQueryKey } from './use-vending-agents.js';
import { localizeVendingError } from './vending-errors.js';
import type { PrepaidVend } from './vending-types.js';

/**
 * Shows a vend's receipt with its tokens, ready to print or to mail. It also offers what a seller does
 * next: confirm that the customer has the token, hand out a copy, or reverse the vend while its token is
 * not yet released. Staff with vend-corrections:write may also correct an issued or released vend.
 */
export function VendPage() {
  const { t } = useTranslation();
  const { vendId = '' } = useParams();
  const queryClient = useQueryClient();
  const maySell = usePermission('vending:write');
  const mayCorrect = usePermission('vend-corrections:write');
  // The reprint the seller asked for here or in the sales list, shown marked as a copy until the page is
  // left. The list hands its copy over in the history entry's state.
  const location = useLocation();
  const [copy, setCopy] = useState<PrepaidVend | null>(() => readHandedCopy(location.state, vendId));
  const vend = useQuery({
    queryKey: ['vend', vendId],
    queryFn: () => api<PrepaidVend>(`/v1/prepaid/vends/${vendId}`),
  });

  const afterChange = async (changed: PrepaidVend) => {
    queryClient.setQueryData(['vend', vendId], changed);
    await queryClient.invalidateQueries({ queryKey: vendingAgentsQueryKey });
    await queryClient.invalidateQueries({ queryKey: ['vending-reconciliation'] });
  };
  const confirm = useMutation({
    mutationFn: () => api<PrepaidVend>(`/v1/prepaid/vends/${vendId}/confirm`, { method: 'POST' }),
    onSuccess: afterChange,
  });
  const reprint = useMutation({
    mutationFn: () => api<PrepaidVend>(`/v1/prepaid/vends/${vendId}/reprint`, { method: 'POST' }),
    onSuccess: async (printed) => {
      setCopy(printed);
      // The cache keeps the vend itself; only this page's copy is marked as one.
      await afterChange({ ...printed, copy: false });
    },
  });

  if (vend.isPending) return <LoadingState />;
  if (vend.isError) return <ErrorState error={vend.error} onRetry={() => void vend.refetch()} />;
  const data = vend.data;
  const shown = copy !== null && copy.status === data.status ? copy : data;
  const actionError = localizeVendingError(confirm.error ?? reprint.error, t);

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={1}>{t('vending.receipt.title')}</Title>
          <Badge variant="outline" data-testid="vend-status">
            {t(`vending.statuses.${data.status}`)}
          </Badge>
          {shown.copy && <Badge data-testid="copy-badge">{t('vending.receipt.copy')}</Badge>}
        </Group>
        <Group className="no-print">
          <BackLink fallback="/vending/vends" />
          <Button variant="default" onClick={() => window.print()}>
            {t('common.print')}
          </Button>
        </Group>
      </Group>
      <Receipt vend={shown} />
      <SellerDetails vend={data} />
      {maySell && data.status !== 'reversed' && (
        <Card withBorder className="no-print">
          <Title order={2} size="h4" mb="xs">
            {t('vending.receipt.next')}
          </Title>
          <FormError error={actionError} fields={[]} />
          <Group>
            {data.status === 'issued' && (
              <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
                {t('vending.receipt.confirm')}
              </Button>
            )}
            <Button variant="default" onClick={() => reprint.mutate()} loading={reprint.isPending}>
              {t('vending.receipt.reprint')}
            </Button>
          </Group>
          {data.status === 'issued' && (
            <Text size="sm" c="gray.8" mt="xs">
              {t('vending.receipt.confirmHint')}
            </Text>
          )}
        </Card>
      )}
      {maySell && data.status !== 'reversed' && (
        <div className="no-print">
          <SendReceipt vendId={data.id} />
        </div>
      )}
      {maySell && data.status === 'issued' && (
        <div className="no-print">
          <ReverseVend vendId={data.id} onReversed={afterChange} />
        </div>
      )}
      {mayCorrect && data.status !== 'reversed' && (
        <div className="no-print">
          <CorrectVend vendId={data.id} onCorrected={afterChange} />
        </div>
      )}
    </Stack>
  );
}

/** Returns the reprint of this vend that the sales list handed over, if any. */
function readHandedCopy(state: unknown, vendId: string): PrepaidVend | null {
  if (typeof state !== 'object' || state === null || !('copy' in state)) return null;
  const copy = (state as { copy: PrepaidVend | null }).copy;
  return copy?.id === vendId ? copy : null;
}

/** Shows the seller what the customer's receipt leaves out: the commission, channel and reprints. */
function SellerDetails({ vend }: { vend: PrepaidVend }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card withBorder className="no-print" data-testid="seller-details">
      <Group gap="xl">
        {vend.agentId !== null && (
          <Text size="sm">
            {t('vending.receipt.commission')}:{' '}
            <span data-testid="vend-commission">{format.money(vend.commissionMinor, vend.currency)}</span>
          </Text>
        )}
        <Text size="sm">
          {t('vending.receipt.channel')}: {vend.channel}
        </Text>
        <Text size="sm">
          {t('vending.receipt.reprints')}: <span data-testid="reprint-count">{vend.reprintCount}</span>
        </Text>
        {vend.releasedAt !== null && (
          <Text size="sm">
            {t('vending.receipt.releasedAt')}: {format.dateTime(vend.releasedAt)}
          </Text>
        )}
      </Group>
    </Card>
  );
}

function ReverseVend(props: { vendId: string; onReversed: (vend: PrepaidVend) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const fields = {
    reason: { label: t('vending.receipt.reason'), paths: ['reason'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const reverse = useMutation({
    mutationFn: () => {
      const body = checkFormBody(reverseVendBody, { reason }, { fields: fieldList, t });
      return api<PrepaidVend>(`/v1/prepaid/vends/${props.vendId}/reverse`, { method: 'POST', body });
    },
    onSuccess: props.onReversed,
  });
  const error = localizeVendingError(reverse.error, t);
  const messages = useFieldMessages(error instanceof ApiError ? error : null, fields);

  return (
    <FormCard
      title={t('vending.receipt.reverse')}
      error={error}
      fields={fieldList}
      onSubmit={() => reverse.mutate()}
    >
      <Text size="sm" c="gray.8" mb="xs">
        {t('vending.receipt.reverseHint')}
      </Text>
      <Group align="flex-start">
        <TextInput
          label={fields.reason.label}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required
          error={messages.reason}
          w={360}
        />
        <Button type="submit" color="red.9" loading={reverse.isPending} mt={24}>
          {t('vending.receipt.reverse')}
        </Button>
      </Group>
    </FormCard>
  );
}
