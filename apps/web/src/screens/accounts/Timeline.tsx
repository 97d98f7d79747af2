import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
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
                    {format.dateTime(event.occurredAt)} ·{' '}
                    {t(`audit.actors.${event.actor.kind}`, { defaultValue: event.actor.kind })}{' '}
                    {event.actor.id} · {t(`audit.actions.${event.action}`, { defaultValue: event.action })}{' '}
                    {t(`audit.entities.${event.entityType}`, { defaultValue: humanise(event.entityType) })}
                  </Text>
                  <Text size="xs" c="gray.8">
                    {Object.entries(event.changes)
                      .map(([field, change]) => describeChange(t, field, change))
                      .join(', ')}
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
              {t('audit.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Card>
  );
}

function humanise(name: string): string {
  return name.replace(/[_-]/g, ' ');
}

/**
 * Names a changed field in the user's language and, when the event has both values (`[old, new]`),
 * shows them as "status: posted → reversed". A created record has no old value, and a redacted event
 * has null for both, so only the field's name shows then.
 */
function describeChange(t: TFunction, field: string, change: unknown): string {
  const name = t(`audit.fields.${field}`, { defaultValue: humanise(field) });
  if (!Array.isArray(change) || change.length !== 2) return name;
  const [before, after] = change as [unknown, unknown];
  if (after === null || after === undefined) return name;
  if (before === null || before === undefined) return `${name}: ${showValue(after)}`;
  return `${name}: ${showValue(before)} → ${showValue(after)}`;
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value.toString();
  return JSON.stringify(value);
}
