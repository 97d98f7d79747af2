import { List, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';
import { ReadPeriodsChart } from './ReadPeriodsChart.js';
import {
  computeRegisterReadView,
  displayUnit,
  type ReadHistoryResponse,
  type RegisterHistory,
  type RegisterRead,
} from './read-periods.js';

type RegisterReadsProps = {
  history: RegisterHistory;
  /** First and last read day of the window the server listed. */
  window: Pick<ReadHistoryResponse, 'from' | 'to'>;
};

/** Shows one register of one meter installation: its consumption per read period, or why there is none yet. */
export function RegisterReads({ history, window }: RegisterReadsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const view = computeRegisterReadView(history);
  const unit = displayUnit(history.unit);
  const heading = [
    t('consumption.register', { serial: history.meterSerial, code: history.code }),
    history.touPeriod ? t('consumption.touPeriod', { period: history.touPeriod }) : null,
    unit,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId} data-testid="register-reads">
      <div>
        <Title order={4} size="h6" id={headingId}>
          {heading}
        </Title>
        <Text size="sm" c="gray.8">
          {history.removedOn
            ? t('consumption.installedAndRemoved', {
                installed: format.date(history.installedOn),
                removed: format.date(history.removedOn),
              })
            : t('consumption.installed', { date: format.date(history.installedOn) })}
        </Text>
      </div>
      {view.kind === 'no-reads' && (
        <EmptyState>
          {t('consumption.noReads', { from: format.date(window.from), to: format.date(window.to) })}
        </EmptyState>
      )}
      {view.kind === 'one-read' && (
        <EmptyState>
          {t('consumption.oneRead', {
            value: format.quantity(view.read.value),
            date: format.date(view.read.readOn),
            kind: t(`consumption.readKinds.${view.read.kind}`),
          })}
        </EmptyState>
      )}
      {view.kind === 'periods' && (
        <>
          {view.estimatedOnly && (
            <Text size="sm" fw={600} data-testid="estimated-only">
              {t('consumption.estimatedOnly')}
            </Text>
          )}
          <ReadPeriodsChart history={history} periods={view.periods} unit={unit} />
        </>
      )}
      {view.suspectReads.length > 0 && <SuspectReads reads={view.suspectReads} />}
    </Stack>
  );
}

function SuspectReads({ reads }: { reads: RegisterRead[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div>
      <Text size="sm" fw={600}>
        {t('consumption.suspectReads')}
      </Text>
      <List size="sm">
        {reads.map((read) => (
          <List.Item key={read.id}>
            {t('consumption.suspectRead', {
              date: format.date(read.readOn),
              value: format.quantity(read.value),
              kind: t(`consumption.readKinds.${read.kind}`),
              // NOTE: the server writes the reason in English only, so the Spanish screen shows it as is.
              reason: read.statusReason ?? '',
            })}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
