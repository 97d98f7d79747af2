import { Anchor, Button, Card, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { useFormat } from '../../format/format.js';

type AuditEvent = {
  id: string;
  occurredAt: string;
  /** `name` is the user's display name or the API key's name, and null for the system. */
  actor: { kind: string; id: string; name: string | null };
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  redacted: boolean;
  /** Summary of the record, sent by the customer and account timelines only, and null when redacted. */
  record?: RecordSummary | null;
};

type RecordSummary = {
  reference: string | null;
  kind: string | null;
  date: string | null;
  amountMinor: string | null;
  currency: string | null;
  paymentId: string | null;
};

type Format = ReturnType<typeof useFormat>;

/**
 * Lists the activity from the audit trail, newest first: who changed what, and when. Each entry names its
 * actor and, where the route sends one, its record (such as a payment's day and amount), linked to the
 * record's screen.
 */
export function Timeline({
  path,
  permission,
  query = {},
}: {
  path: string;
  /** The permission the route needs: the customer and account timelines take customers:read, the audit list audit:read. */
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
                    <span title={event.actor.id} data-testid="activity-actor">
                      {describeActor(t, event.actor)}
                    </span>{' '}
                    · {t(`audit.actions.${event.action}`, { defaultValue: event.action })}{' '}
                    {t(`audit.entities.${entityName(event)}`, { defaultValue: humanise(event.entityType) })}
                    {event.record && (
                      <>
                        {' '}
                        <RecordLink event={event}>{describeRecord(format, event.record)}</RecordLink>
                      </>
                    )}
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
 * Names who acted: a user by display name, an API key by its name, or "System". An actor without a name
 * (a user or key that the server did not find) shows its kind and the start of its id.
 */
function describeActor(t: TFunction, actor: AuditEvent['actor']): string {
  if (actor.kind === 'system') return t('audit.actors.system');
  if (actor.name === null) {
    return `${t(`audit.actors.${actor.kind}`, { defaultValue: actor.kind })} ${actor.id.slice(0, 8)}…`;
  }
  return actor.kind === 'api-key' ? t('audit.apiKeyNamed', { name: actor.name }) : actor.name;
}

/** Returns the `audit.entities` key of the event's record, which names a credit note apart from a bill. */
function entityName(event: AuditEvent): string {
  return event.entityType === 'bill' && event.record?.kind === 'credit-note'
    ? 'credit-note'
    : event.entityType;
}

/** Shows the facts that tell the record from others of its kind, such as "INV-0042 Feb 3, 2026 $42.00". */
function describeRecord(format: Format, record: RecordSummary): string {
  const parts = [
    record.reference,
    record.date ? format.date(record.date) : null,
    record.amountMinor === null ? null : format.money(record.amountMinor, record.currency ?? undefined),
  ];
  return parts.filter((part) => part !== null).join(' ');
}

/** Returns the screen of the event's record and the permission it needs, or null where the app has none. */
function recordPath(event: AuditEvent): { path: string; permission: string } | null {
  if (event.entityType === 'bill') return { path: `/bills/${event.entityId}`, permission: 'billing:read' };
  if (event.entityType === 'payment') {
    return { path: `/payments/${event.entityId}`, permission: 'payments:read' };
  }
  if (event.entityType === 'payment_allocation' && event.record?.paymentId) {
    return { path: `/payments/${event.record.paymentId}`, permission: 'payments:read' };
  }
  if (event.entityType === 'account') {
    return { path: `/accounts/${event.entityId}`, permission: 'customers:read' };
  }
  return null;
}

/**
 * Links the record's description to its screen, or shows it as text where there is no screen to open or
 * the user is on it already (the account on its own page).
 */
function RecordLink({ event, children }: { event: AuditEvent; children: ReactNode }) {
  const target = recordPath(event);
  const permitted = usePermission(target?.permission ?? '');
  const location = useLocation();
  if (!target || !permitted || location.pathname === target.path) return <span>{children}</span>;
  return (
    <Anchor component={Link} to={target.path} inherit>
      {children}
    </Anchor>
  );
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
