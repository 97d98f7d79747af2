import { Card, List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatAddressLine } from '../../format/address.js';
import type { CustomerPrepaidMeter } from './self-service-types.js';

/**
 * Lists the customer's prepaid meters: what each sells (electricity, water or gas), the number to buy
 * units for, the address and the account.
 */
export function PrepaidMeters({ meters }: { meters: CustomerPrepaidMeter[] }) {
  const { t } = useTranslation();
  return (
    <Card withBorder className="no-print" data-testid="prepaid-meters">
      <Title order={2} size="h4" mb="xs">
        {t('selfService.meters.title', { count: meters.length })}
      </Title>
      <List spacing="xs" listStyleType="none" ml={0} pl={0}>
        {meters.map((meter) => (
          <List.Item key={meter.meterId} data-testid="prepaid-meter">
            <Text size="sm">
              <span data-testid="prepaid-meter-service">
                {t(`selfService.meters.meterOf.${meter.service}`)}
              </span>
              :{' '}
              <Text span ff="monospace" fw={700} data-testid="prepaid-meter-pan">
                {meter.pan}
              </Text>
            </Text>
            <Text size="sm" c="gray.8">
              {t('selfService.meters.suppliesAddress', {
                address: formatAddressLine(meter.address),
                accountNumber: meter.accountNumber,
              })}
            </Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
