import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useCompany } from '../../auth/session.js';
import { useFormat } from '../../format/format.js';
import { ReceiptLines } from './ReceiptLines.js';
import type { PrepaidVend, VendingAgentDetails } from './vending-types.js';

/**
 * The customer's receipt of a vend, on screen and on paper: who sold it, the meter, the tokens in groups
 * of four digits as the customer types them, and every line of the purchase. A reprint is marked as a
 * copy, and a reversed vend states that its tokens are void.
 */
export function Receipt({ vend }: { vend: PrepaidVend }) {
  const { t } = useTranslation();
  const format = useFormat();
  const company = useCompany();
  const agentId = vend.agentId;
  const agent = useQuery({
    queryKey: ['vending-agent', agentId],
    queryFn: () => api<VendingAgentDetails>(`/v1/prepaid/agents/${agentId}`),
    enabled: agentId !== null,
  });
  const outlet = agent.data?.outlets.find((candidate) => candidate.id === vend.outletId);
  return (
    <Card withBorder data-testid="receipt">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            {company && <Text fw={700}>{company.name}</Text>}
            <Text size="sm">{t('vending.receipt.heading')}</Text>
          </div>
          {vend.copy && (
            <Text fw={700} size="xl" c="red.9" data-testid="receipt-copy-mark">
              {t('vending.receipt.copyMark', { number: vend.reprintCount })}
            </Text>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {agent.data && (
            <Field label={t('vending.receipt.soldBy')}>
              <span data-testid="receipt-seller">
                {outlet ? `${agent.data.name} · ${outlet.name}` : agent.data.name}
              </span>
            </Field>
          )}
          <Field label={t('vending.meterNumber')}>
            <span data-testid="receipt-pan">{vend.pan}</span>
          </Field>
          <Field label={t('vending.account')}>
            <span data-testid="receipt-account">{vend.accountNumber}</span>
          </Field>
          <Field label={t('vending.customer')}>
            <span data-testid="receipt-customer">{vend.customerName}</span>
          </Field>
          <Field label={t('vending.receipt.issuedAt')}>{format.dateTime(vend.issuedAt)}</Field>
          <Field label={t('vending.receipt.reference')}>
            <Text span size="sm" ff="monospace">
              {vend.transactionReference}
            </Text>
          </Field>
          <Field label={t('vending.receipt.amountPaid')}>
            <Text span fw={700}>
              {format.money(vend.tenderedMinor, vend.currency)}
            </Text>
          </Field>
        </SimpleGrid>
        {vend.status === 'reversed' && (
          <Alert color="red" title={t('vending.receipt.reversed')} data-testid="receipt-reversed">
            {t('vending.receipt.reversedDetail', {
              at: format.dateTime(vend.reversedAt),
              reason: vend.reversalReason ?? '—',
            })}
          </Alert>
        )}
        <Title order={2} size="h4">
          {t('vending.receipt.tokens')}
        </Title>
        {vend.tokens.length > 1 && <Text size="sm">{t('vending.receipt.tokensHint')}</Text>}
        {vend.tokens.map((token) => (
          <div key={token.position} data-testid="token">
            <Text size="sm" c="gray.8">
              {t(`vending.tokenPurposes.${token.purpose}`)} · {format.quantity(token.units, vend.unit)}
            </Text>
            <Text
              ff="monospace"
              fz={26}
              fw={700}
              td={vend.status === 'reversed' ? 'line-through' : undefined}
              data-testid="token-digits"
            >
              {token.tokenGroups}
            </Text>
          </div>
        ))}
        <ReceiptLines purchase={vend} />
      </Stack>
    </Card>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.8">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
