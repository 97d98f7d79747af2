import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompany } from '../../auth/session.js';
import { useFormat } from '../../format/format.js';
import { displayUnit } from '../accounts/read-periods.js';
import { ReceiptField } from '../vending/ReceiptField.js';
import { ReceiptLines } from '../vending/ReceiptLines.js';
import { VendTokens } from '../vending/VendTokens.js';
import type { CustomerTopUp } from './self-service-types.js';

/**
 * Shows one of the customer's top-ups, on screen and on paper: when it was bought, for which meter, the amount
 * paid and the units, the tokens to copy or type, and every line of what the amount paid for.
 */
export function TopUpCard({
  topUp,
  onPrint,
  hiddenInPrint,
}: {
  topUp: CustomerTopUp;
  onPrint: () => void;
  /** Hides the card on paper, while another top-up is printed alone. */
  hiddenInPrint: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const company = useCompany();
  const headingId = useId();
  const boughtAt = format.dateTime(topUp.issuedAt);
  const unit = displayUnit(topUp.unit);

  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={headingId}
      className={hiddenInPrint ? 'no-print' : undefined}
      data-testid="top-up"
      data-vend-id={topUp.id}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="sm" className="print-only">
              {company?.name} · {t(`vending.receipt.heading.${topUp.service}`)}
            </Text>
            <Title order={2} size="h3" id={headingId}>
              {t('selfService.topUps.boughtAt', { date: boughtAt })}
            </Title>
          </div>
          <Button
            variant="default"
            size="xs"
            className="no-print"
            onClick={onPrint}
            aria-label={t('selfService.topUps.print', { date: boughtAt })}
          >
            {t('common.print')}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <ReceiptField label={t('vending.meterNumber')}>
            <span data-testid="top-up-pan">{topUp.pan}</span>
          </ReceiptField>
          <ReceiptField label={t('vending.service')}>
            <span data-testid="top-up-service">{t(`vending.services.${topUp.service}`)}</span>
          </ReceiptField>
          <ReceiptField label={t('vending.receipt.amountPaid')}>
            <Text span fw={700} data-testid="top-up-amount">
              {format.money(topUp.tenderedMinor, topUp.currency)}
            </Text>
          </ReceiptField>
          <ReceiptField label={t('vending.receipt.unitsBought')}>
            <span data-testid="top-up-units">{format.quantity(topUp.units, unit)}</span>
          </ReceiptField>
          {topUp.freeUnits !== '0.0' && (
            <ReceiptField label={t('vending.receipt.freeUnitsTotal')}>
              <span data-testid="top-up-free-units">{format.quantity(topUp.freeUnits, unit)}</span>
            </ReceiptField>
          )}
          <ReceiptField label={t('vending.receipt.reference')}>
            <Text span size="sm" ff="monospace">
              {topUp.transactionReference}
            </Text>
          </ReceiptField>
        </SimpleGrid>
        <VendTokens vend={topUp} headingOrder={3} copyable />
        <ReceiptLines purchase={topUp} />
      </Stack>
    </Card>
  );
}
