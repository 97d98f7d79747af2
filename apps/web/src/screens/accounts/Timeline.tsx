import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';

type AuditEvent = {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string };
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  redacted: boolean;
};

/** Lists the activity from the audit trail, newest first: who changed what, and when. */
export function Timeline({
  path,
  permission,
  query = {},
}: {
  path: string;
  /** The permission the route needs: the customer timeline takes customers:read, the audit list audit:read. */
  permission: string;
  query?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const allowed = usePermission(permission);
  const events = useInfiniteQuery({
    queryKey: ['timeline', path, query],
    queryFn: ({ pageParam }) =>
      api<{ items: AuditEvent[]; nextBefore: string | null }>(path, {
        query: { ...query, limit: 20, ...(pageParam ? { before: pageParam } : {}) },
      }),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextBefore ?? undefined,
    enabled: allowed,
  });
  if (!allowed) return null;

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('account.timeline')}
      </Title>
      {events.isPending ? (
        <LoadingState />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.pages[0]?.items.length === 0 ? (
        <EmptyState />
      ) : (
        <Stack gap="xs">
          <ol style={{ margin: 0, paddingLeft: '1.2rem' }}>
            {events.data.pages
              .flatMap((page) => page.items)
              .map((event) => (
                <li key={event.id}>
                  <Text size="sm">
                    {format.dateTime(event.occurredAt)} · {event.actor.kind} {event.actor.id} · {event.action}{' '}
                    {event.entityType}
                  </Text>
                  <Text size="xs" c="gray.8">
                    {Object.keys(event.changes).join(', ')}
                  </Text>
                </li>
              ))}
          </ol>
          {events.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              onClick={() => void events.fetchNextPage()}
              loading={events.isFetchingNextPage}
            >
              {t('common.open')} …
            </Button>
          )}
        </Stack>
      )}
    </Card>
  );
}
