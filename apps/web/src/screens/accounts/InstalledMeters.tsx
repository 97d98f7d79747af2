import { Card, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states.js';
import { formatAddressLine } from '../../format/address.js';
import { useFormat } from '../../format/format.js';
import type { Agreement } from './account-types.js';

type SuppliedPoint = NonNullable<Agreement['servicePoint']>;
type InstalledMeter = NonNullable<SuppliedPoint['meters']>[number];

/**
 * Lists the meters installed at the account's service points while its agreements ran, newest
 * installation first. It renders nothing when the user may not read meters (devices:read) or service
 * points (premises:read).
 */
export function InstalledMeters({ agreements }: { agreements: Agreement[] }) {
  const { t } = useTranslation();
  const points = groupByServicePoint(agreements);
  if (points.length === 0) return null;

  return (
    <Card withBorder data-testid="installed-meters">
      <Title order={2} size="h4" mb="xs">
        {t('supply.meters')}
      </Title>
      <Stack gap="lg">
        {points.map(({ point, meters }) => (
          <ServicePointMeters key={point.id} point={point} meters={meters} />
        ))}
      </Stack>
    </Card>
  );
}

function ServicePointMeters({ point, meters }: { point: SuppliedPoint; meters: InstalledMeter[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const name = point.marketId ?? point.id;

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        {t('supply.metersAt', { name, address: formatAddressLine(point.premise) })}
      </Title>
      {meters.length === 0 ? (
        <EmptyState>{t('supply.noMeters')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('supply.metersCaption', { name })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('supply.serialNumber')}</Table.Th>
                <Table.Th>{t('supply.makeAndModel')}</Table.Th>
                <Table.Th>{t('supply.installedOn')}</Table.Th>
                <Table.Th>{t('supply.removedOn')}</Table.Th>
                <Table.Th>{t('supply.registers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {meters.map((meter) => (
                <Table.Tr key={meter.installationId}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {meter.serialNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {[meter.manufacturer, meter.model].filter(Boolean).join(' ') || t('supply.notRecorded')}
                  </Table.Td>
                  <Table.Td>{format.date(meter.installedOn)}</Table.Td>
                  <Table.Td>
                    {meter.removedOn ? format.date(meter.removedOn) : t('supply.stillInstalled')}
                  </Table.Td>
                  <Table.Td>
                    {meter.registers.map((register) => (
                      <Text key={register.id} size="sm">
                        {[
                          register.code,
                          register.unit,
                          register.kind === 'demand' ? t('supply.demand') : null,
                          register.touPeriod
                            ? t('consumption.touPeriod', { period: register.touPeriod })
                            : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/**
 * Collects the meters of each service point over all agreements there, once per installation, newest
 * first. Service points whose meters the user may not read are left out.
 */
function groupByServicePoint(agreements: Agreement[]): { point: SuppliedPoint; meters: InstalledMeter[] }[] {
  const byPoint = new Map<string, { point: SuppliedPoint; meters: Map<string, InstalledMeter> }>();
  for (const { servicePoint } of agreements) {
    if (!servicePoint?.meters) continue;
    const entry = byPoint.get(servicePoint.id) ?? { point: servicePoint, meters: new Map() };
    for (const meter of servicePoint.meters) entry.meters.set(meter.installationId, meter);
    byPoint.set(servicePoint.id, entry);
  }
  return [...byPoint.values()].map(({ point, meters }) => ({
    point,
    // ISO dates (YYYY-MM-DD) sort as text.
    meters: [...meters.values()].sort((first, second) => second.installedOn.localeCompare(first.installedOn)),
  }));
}
