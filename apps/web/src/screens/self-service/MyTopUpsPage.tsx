import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useCompany } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { PrepaidMeters } from './PrepaidMeters.js';
import type { CustomerPrepaidMeter, CustomerTopUpPage } from './self-service-types.js';
import { TopUpCard } from './TopUpCard.js';

/** Top-ups per page: enough for a few months of purchases without a long page on a phone. */
const topUpsPerPage = 10;

/**
 * Shows a prepaid customer their meters and their top-ups, newest first, each with its tokens to copy
 * or print and its receipt lines. Older top-ups load a page at a time.
 */
export function MyTopUpsPage() {
  const { t } = useTranslation();
  const company = useCompany();
  const [printedId, setPrintedId] = useState<string | null>(null);
  const meters = useQuery({
    queryKey: ['self-service', 'prepaid-meters'],
    queryFn: () => api<{ items: CustomerPrepaidMeter[] }>('/v1/self-service/prepaid/meters'),
  });
  const topUps = useInfiniteQuery({
    queryKey: ['self-service', 'top-ups'],
    queryFn: ({ pageParam }) =>
      api<CustomerTopUpPage>('/v1/self-service/prepaid/vends', {
        query: { limit: topUpsPerPage, before: pageParam },
      }),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });

  // Hides every other top-up from the printer while this one prints, until the browser reports the end
  // of printing with afterprint. flushSync renders the change before the print dialog copies the page.
  function printTopUp(vendId: string) {
    flushSync(() => setPrintedId(vendId));
    window.addEventListener('afterprint', () => setPrintedId(null), { once: true });
    window.print();
  }

  const items = topUps.data?.pages.flatMap((page) => page.items) ?? [];
  const hasNoMeters = meters.data?.items.length === 0;

  return (
    <Stack>
      <Title order={1} className={printedId ? 'no-print' : undefined}>
        {t('selfService.topUps.title')}
      </Title>
      {meters.isPending ? (
        <LoadingState />
      ) : meters.isError ? (
        <ErrorState error={localizeLoadError(meters.error, t)} onRetry={() => void meters.refetch()} />
      ) : hasNoMeters ? (
        <Alert color="blue" role="status" data-testid="no-prepaid-meters" className="no-print">
          {items.length > 0
            ? t('selfService.meters.noneNow')
            : t('selfService.meters.none', { company: company?.name ?? '' })}
        </Alert>
      ) : (
        <PrepaidMeters meters={meters.data.items} />
      )}
      {topUps.data === undefined ? (
        topUps.isError ? (
          <ErrorState error={localizeLoadError(topUps.error, t)} onRetry={() => void topUps.refetch()} />
        ) : (
          <LoadingState />
        )
      ) : items.length === 0 ? (
        // A customer without prepaid meters reads why above, so no second message repeats it.
        !hasNoMeters && <EmptyState>{t('selfService.topUps.empty')}</EmptyState>
      ) : (
        <>
          {items.map((topUp) => (
            <TopUpCard
              key={topUp.id}
              topUp={topUp}
              onPrint={() => printTopUp(topUp.id)}
              hiddenInPrint={printedId !== null && printedId !== topUp.id}
            />
          ))}
          {topUps.isFetchNextPageError && (
            // The button below tries the page again.
            <ErrorState error={localizeLoadError(topUps.error, t)} />
          )}
          {topUps.hasNextPage ? (
            <Button
              variant="default"
              className="no-print"
              onClick={() => void topUps.fetchNextPage()}
              loading={topUps.isFetchingNextPage}
            >
              {t('selfService.topUps.older')}
            </Button>
          ) : (
            topUps.data.pages.length > 1 && (
              <Text size="sm" c="gray.8" className="no-print">
                {t('selfService.topUps.noOlder')}
              </Text>
            )
          )}
        </>
      )}
    </Stack>
  );
}

/**
 * Words a failure without an API problem, such as a lost connection, in the user's language. An API
 * problem stays as it is, because ErrorState words it by its code.
 */
function localizeLoadError(error: Error, t: TFunction): Error {
  return error instanceof ApiError ? error : new Error(t('selfService.errors.unreachable'));
}
