import { Alert, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useCompany } from '../../auth/session.js';
import { useFormat } from '../../format/format.js';
import { VendCorrectionNotice } from './CorrectVend.js';
import { ReceiptField } from './ReceiptField.js';
import { ReceiptLines } from './ReceiptLines.js';
import { VendTokens } from './VendTokens.js';
import type { PrepaidVend, VendingAgentDetails } from './vending-types.js';

/**
 * The customer's receipt of a vend, on screen and on paper: who sold it, the meter, the tokens in groups
 * of four digits as the customer types them, and every line of the purchase. A reprint is marked as a
 * copy, and a reversed vend states that its tokens are void. A corrected one also names who corrected it and
 * why.
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
            <Text size="sm" data-testid="receipt-heading">
              {t(`vending.receipt.heading.${vend.service}`)}
            </Text>
          </div>
          {vend.copy && (
            <Text fw={700} size="xl" c="red.9" data-testid="receipt-copy-mark">
              {t('vending.receipt.copyMark', { number: vend.reprintCount })}
            </Text>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {agent.data && (
            <ReceiptField label={t('vending.receipt.soldBy')}>
              <span data-testid="receipt-seller">
                {outlet ? `${agent.data.name} · ${outlet.name}` : agent.data.name}
              </span>
            </ReceiptField>
          )}
          <ReceiptField label={t('vending.meterNumber')}>
            <span data-testid="receipt-pan">{vend.pan}</span>
          </ReceiptField>
          <ReceiptField label={t('vending.account')}>
            <span data-testid="receipt-account">{vend.accountNumber}</span>
          </ReceiptField>
          <ReceiptField label={t('vending.customer')}>
            <span data-testid="receipt-customer">{vend.customerName}</span>
          </ReceiptField>
          <ReceiptField label={t('vending.receipt.issuedAt')}>{format.dateTime(vend.issuedAt)}</ReceiptField>
          <ReceiptField label={t('vending.receipt.reference')}>
            <Text span size="sm" ff="monospace">
              {vend.transactionReference}
            </Text>
          </ReceiptField>
          <ReceiptField label={t('vending.receipt.amountPaid')}>
            <Text span fw={700}>
              {format.money(vend.tenderedMinor, vend.currency)}
            </Text>
          </ReceiptField>
        </SimpleGrid>
        <VendCorrectionNotice vend={vend} />
        {vend.status === 'reversed' && vend.correction === null && (
          <Alert color="red" title={t('vending.receipt.reversed')} data-testid="receipt-reversed">
            {t('vending.receipt.reversedDetail', {
              at: format.dateTime(vend.reversedAt),
              reason: vend.reversalReason ?? '—',
            })}
          </Alert>
        )}
        <VendTokens vend={vend} headingOrder={2} />
        <ReceiptLines purchase={vend} />
      </Stack>
    </Card>
  );
}
