import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/states.js';
import { formatAddressLine } from '../../format/address.js';
import { useFormat } from '../../format/format.js';
import type { Agreement } from './account-types.js';

/**
 * Shows the account's service agreements: where each supplies (service point, service, premise), on
 * which tariff, and from when to when. Parts the user may not read (no premises:read or rates:read) show
 * as ids.
 */
export function AccountAgreements({ agreements }: { agreements: Agreement[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs" id={headingId}>
        {t('account.agreements')}
      </Title>
      {agreements.length === 0 ? (
        <EmptyState>{t('supply.noAgreements')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-labelledby={headingId} data-testid="account-agreements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('account.servicePoint')}</Table.Th>
                <Table.Th>{t('supply.service')}</Table.Th>
                <Table.Th>{t('supply.premise')}</Table.Th>
                <Table.Th>{t('account.tariff')}</Table.Th>
                <Table.Th>{t('account.startOn')}</Table.Th>
                <Table.Th>{t('account.endOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreements.map((agreement) => (
                <Table.Tr key={agreement.id}>
                  <Table.Td>
                    {/* Without a market id the whole id shows: time-ordered ids made close together
                        share their first characters. */}
                    <Text size="sm" ff="monospace">
                      {agreement.servicePoint?.marketId ?? agreement.servicePointId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {agreement.servicePoint ? t(`supply.services.${agreement.servicePoint.service}`) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {agreement.servicePoint ? formatAddressLine(agreement.servicePoint.premise) : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/tariffs/${agreement.tariffId}`}>
                      {agreement.tariff
                        ? `${agreement.tariff.code} – ${agreement.tariff.name}`
                        : agreement.tariffId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.date(agreement.startOn)}</Table.Td>
                  <Table.Td>
                    {agreement.endOn ? format.date(agreement.endOn) : t('supply.openEnded')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
