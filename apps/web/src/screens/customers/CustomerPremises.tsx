import { Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { customerPremisesSchema } from '../../../../server/src/modules/agreements/domain/customer-premises-schemas.js';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { formatAddressLine } from '../../format/address.js';
import { useFormat } from '../../format/format.js';

type CustomerPremisesResponse = z.infer<typeof customerPremisesSchema>;
type PremiseSupply = CustomerPremisesResponse['items'][number];

/**
 * Lists the premises the customer's accounts supply or supplied, each with its service points and the
 * account and dates of every agreement there. It needs premises:read and agreements:read, as its route
 * does.
 */
export function CustomerPremises({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const mayReadPremises = usePermission('premises:read');
  const mayReadAgreements = usePermission('agreements:read');
  const allowed = mayReadPremises && mayReadAgreements;
  const premises = useQuery({
    queryKey: ['customer-premises', customerId],
    queryFn: () => api<CustomerPremisesResponse>(`/v1/customers/${customerId}/premises`),
    enabled: allowed,
  });
  if (!allowed) return null;

  return (
    <Card withBorder data-testid="customer-premises">
      <Title order={2} size="h4" mb="xs">
        {t('supply.premises')}
      </Title>
      {premises.isPending ? (
        <LoadingState />
      ) : premises.isError ? (
        <ErrorState error={premises.error} onRetry={() => void premises.refetch()} />
      ) : premises.data.items.length === 0 ? (
        <EmptyState>{t('supply.noPremises')}</EmptyState>
      ) : (
        <Stack gap="lg">
          {premises.data.truncated && <Text size="sm">{t('supply.truncated')}</Text>}
          {premises.data.items.map((supply) => (
            <PremiseServicePoints key={supply.premise.id} supply={supply} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function PremiseServicePoints({ supply }: { supply: PremiseSupply }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const address = formatAddressLine(supply.premise);

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        {address}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label={t('supply.premisesCaption', { address })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.servicePoint')}</Table.Th>
              <Table.Th>{t('supply.service')}</Table.Th>
              <Table.Th>{t('supply.account')}</Table.Th>
              <Table.Th>{t('account.startOn')}</Table.Th>
              <Table.Th>{t('account.endOn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          {/* One row group per service point, so that its header cell covers all its agreements. */}
          {supply.servicePoints.map((point) => (
            <Table.Tbody key={point.id}>
              {point.agreements.map((agreement, index) => (
                <Table.Tr key={agreement.id}>
                  {index === 0 && (
                    <>
                      <Table.Th scope="rowgroup" rowSpan={point.agreements.length} fw="normal">
                        <Text size="sm" ff="monospace">
                          {point.marketId ?? point.id}
                        </Text>
                      </Table.Th>
                      <Table.Td rowSpan={point.agreements.length}>
                        {t(`supply.services.${point.service}`)}
                      </Table.Td>
                    </>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${agreement.accountId}`}>
                      {agreement.accountNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.date(agreement.startOn)}</Table.Td>
                  <Table.Td>
                    {agreement.endOn ? format.date(agreement.endOn) : t('supply.openEnded')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          ))}
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
