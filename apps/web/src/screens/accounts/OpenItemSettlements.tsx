import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpenItemSettlement } from '../../api/types.js';
import { PermittedLink } from '../../components/PermittedLink.js';
import { useFormat } from '../../format/format.js';

/**
 * Lists what settled part of an open item: each payment or prepaid vend's recovered debt, with its
 * reference, day and amount, linked to the payment or the vend's receipt.
 */
export function OpenItemSettlements({ settlements }: { settlements: readonly OpenItemSettlement[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (settlements.length === 0) return null;
  return (
    <Stack gap={0}>
      {settlements.map((settlement) => {
        const target =
          settlement.paymentId !== null
            ? { to: `/payments/${settlement.paymentId}`, permission: 'payments:read' }
            : { to: `/vending/vends/${settlement.vendId ?? ''}`, permission: 'vending:read' };
        const label = [t(`account.settlementSources.${settlement.source}`), settlement.reference]
          .filter((part) => part !== null)
          .join(' ');
        return (
          <Text key={settlement.allocationId} size="sm">
            <PermittedLink to={target.to} permission={target.permission}>
              {label}
            </PermittedLink>{' '}
            {format.date(settlement.settledOn)} {format.money(settlement.amountMinor)}
          </Text>
        );
      })}
    </Stack>
  );
}
