import { Anchor, Button, Card, Stack, Table, Textarea, TextInput, Title, Group } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client.js';
import type { Tariff } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState, FormError } from '../../components/states.js';

export function TariffsPage() {
  const { t } = useTranslation();
  const mayImport = usePermission('rates:write');
  const tariffs = useQuery({
    queryKey: ['tariffs'],
    queryFn: () => api<{ items: Tariff[] }>('/v1/tariffs', { query: { limit: 200 } }),
  });
  return (
    <Stack>
      <Title order={1}>{t('tariffs.title')}</Title>
      {tariffs.isPending ? (
        <LoadingState />
      ) : tariffs.isError ? (
        <ErrorState error={tariffs.error} onRetry={() => void tariffs.refetch()} />
      ) : tariffs.data.items.length === 0 ? (
        <EmptyState />
      ) : (
        <Table striped>
          <Table.Caption>{t('tariffs.title')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tariffs.code')}</Table.Th>
              <Table.Th>{t('tariffs.name')}</Table.Th>
              <Table.Th>{t('tariffs.service')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tariffs.data.items.map((tariff) => (
              <Table.Tr key={tariff.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/tariffs/${tariff.id}`}>
                    {tariff.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{tariff.name}</Table.Td>
                <Table.Td>{tariff.service}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayImport && <ImportUrdb />}
    </Stack>
  );
}

function ImportUrdb() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [document, setDocument] = useState('');
  const [code, setCode] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const importRate = useMutation({
    mutationFn: () =>
      api<{ tariff: { id: string } }>('/v1/tariffs/urdb-imports', {
        method: 'POST',
        body: { document, ...(code ? { code } : {}), ...(effectiveFrom ? { effectiveFrom } : {}) },
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['tariffs'] });
      await navigate(`/tariffs/${result.tariff.id}`);
    },
  });
  const error = importRate.error instanceof ApiError ? importRate.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    importRate.mutate();
  }

  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="urdb-title">
      <Title order={2} size="h4" mb="xs" id="urdb-title">
        {t('tariffs.importUrdb')}
      </Title>
      <FormError error={error} fields={['document', 'code', 'effectiveFrom']} />
      <Stack>
        <Textarea
          label={t('tariffs.urdbJson')}
          value={document}
          onChange={(event) => setDocument(event.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={12}
          required
          error={error?.fieldMessage('document')}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
        <Group align="flex-start">
          <TextInput
            label={t('tariffs.code')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={error?.fieldMessage('code')}
          />
          <TextInput
            label={t('tariffs.effectiveFrom')}
            type="date"
            value={effectiveFrom}
            onChange={(event) => setEffectiveFrom(event.currentTarget.value)}
            error={error?.fieldMessage('effectiveFrom')}
          />
          <Button type="submit" loading={importRate.isPending} mt={24}>
            {t('tariffs.importUrdb')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
