import '@mantine/charts/styles.css';
import { Card, Divider, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { servicePointSchema } from '../../../../server/src/modules/premises/domain/premise-schemas.js';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { IntervalData } from './IntervalData.js';
import type { ReadHistoryResponse } from './read-periods.js';
import { RegisterReads } from './RegisterReads.js';

type ServicePoint = z.infer<typeof servicePointSchema>;

/**
 * Meters and reads of an account's service points: consumption per register read period for each
 * register, and interval data by day or hour. It stays in its own chunk, because the chart library is
 * large.
 */
export function Consumption({ servicePointIds }: { servicePointIds: string[] }) {
  const { t } = useTranslation();
  const allowed = usePermission('readings:read');
  if (!allowed) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('account.meters')}
      </Title>
      <Stack gap="lg">
        {servicePointIds.map((servicePointId, index) => (
          <Stack key={servicePointId} gap="lg">
            {index > 0 && <Divider />}
            <ServicePointConsumption servicePointId={servicePointId} />
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

function ServicePointConsumption({ servicePointId }: { servicePointId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const mayReadPremises = usePermission('premises:read');
  const point = useQuery({
    queryKey: ['service-point', servicePointId],
    queryFn: () => api<ServicePoint>(`/v1/service-points/${servicePointId}`),
    enabled: mayReadPremises,
  });
  const reads = useQuery({
    queryKey: ['read-periods', servicePointId],
    queryFn: () => api<ReadHistoryResponse>(`/v1/service-points/${servicePointId}/reads`),
  });

  // Without premises:read, or for a service point with no market id, the heading shows the whole id,
  // because time-ordered ids made close together share their first characters.
  const name = point.data
    ? `${point.data.marketId ?? servicePointId} (${t(`consumption.services.${point.data.service}`)})`
    : servicePointId;

  return (
    <Stack gap="md" component="section" aria-labelledby={headingId} data-testid="service-point-consumption">
      <Title order={3} size="h5" id={headingId}>
        {t('consumption.servicePoint', { name })}
      </Title>
      {reads.isPending ? (
        <LoadingState />
      ) : reads.isError ? (
        <ErrorState error={reads.error} onRetry={() => void reads.refetch()} />
      ) : reads.data.registers.length === 0 ? (
        <EmptyState>{t('consumption.noMeter')}</EmptyState>
      ) : (
        reads.data.registers.map((history) => (
          <RegisterReads
            key={`${history.registerId}:${history.installedOn}`}
            history={history}
            window={reads.data}
          />
        ))
      )}
      <IntervalData servicePointId={servicePointId} />
    </Stack>
  );
}
