import { Badge, Group, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { ApiError } from '../api/client.js';
import { ErrorState, LoadingState } from '../components/states.js';
import {
  MAX_SEARCH_LENGTH,
  MIN_SEARCH_LENGTH,
} from '../../../server/src/modules/search/domain/search-limits.js';
import type { SearchResultItem } from '../../../server/src/modules/search/domain/search-schemas.js';

export type SearchHit = SearchResultItem;

/** Returns the path a hit opens: its account when it has one, else its customer. */
function hitPath(hit: SearchHit): string | null {
  if (hit.kind === 'customer') return `/customers/${hit.id}`;
  if (hit.kind === 'account') return `/accounts/${hit.id}`;
  if (hit.accountId) return `/accounts/${hit.accountId}`;
  if (hit.customerId) return `/customers/${hit.customerId}`;
  return null;
}

/** Global search: type, move with the arrow keys, open with Enter. */
export function SearchDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [query] = useDebouncedValue(text.trim(), 150);

  const results = useQuery({
    queryKey: ['search', query],
    queryFn: ({ signal }) =>
      api<{ items: SearchHit[] }>('/v1/search', { query: { q: query, limit: 20 }, signal }),
    enabled: query.length >= MIN_SEARCH_LENGTH,
    staleTime: 30_000,
  });
  const hits = results.data?.items ?? [];

  function open(hit: SearchHit | undefined) {
    const path = hit && hitPath(hit);
    if (!path) return;
    onClose();
    void navigate(path);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(hits[active]);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('search.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <TextInput
          data-autofocus
          aria-label={t('search.title')}
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          maxLength={MAX_SEARCH_LENGTH}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="search-results"
          aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined}
        />
        {query.length < MIN_SEARCH_LENGTH ? (
          <Text size="sm" c="gray.8">
            {t('search.tooShort', { count: MIN_SEARCH_LENGTH })}
          </Text>
        ) : results.isPending ? (
          <LoadingState />
        ) : results.error instanceof ApiError && results.error.status === 400 ? (
          <Text size="sm" role="alert">
            {t('search.invalid', { query })}
          </Text>
        ) : results.isError ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : hits.length === 0 ? (
          <Text size="sm">{t('search.noResults', { query })}</Text>
        ) : (
          <Stack gap={2} id="search-results" role="listbox" aria-label={t('search.title')}>
            {hits.map((hit, index) => (
              <UnstyledButton
                key={`${hit.kind}-${hit.id}`}
                id={`search-hit-${index}`}
                role="option"
                aria-selected={index === active}
                onClick={() => open(hit)}
                onMouseEnter={() => setActive(index)}
                p="xs"
                style={{
                  borderRadius: 4,
                  background: index === active ? 'var(--mantine-color-blue-1)' : undefined,
                }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {hit.label}
                    </Text>
                    {hit.detail && (
                      <Text size="xs" c="gray.8">
                        {hit.detail}
                      </Text>
                    )}
                    <Text size="xs" c="gray.8">
                      {t(`search.fields.${hit.match.field}`)}: {hit.match.value}
                    </Text>
                  </div>
                  <Badge variant="outline" color="gray.8">
                    {t(`search.kinds.${hit.kind}`)}
                  </Badge>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
