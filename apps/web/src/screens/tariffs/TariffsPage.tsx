import { Anchor, Button, Stack, Table, Textarea, TextInput, Title, Group } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, type FieldError } from '../../api/client.js';
import type { Tariff } from '../../api/types.js';
import { usePermission } from '../../auth/session.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.js';
import { checkFormBody } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { FormCard } from '../../forms/FormCard.js';
import { importUrdbBody } from '../../../../server/src/modules/rates/http/tariff-schemas.js';

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
  const effectiveFromRef = useRef<HTMLInputElement>(null);
  const fields = {
    document: { label: t('tariffs.urdbJson'), paths: ['document'] },
    code: { label: t('tariffs.code'), paths: ['code'] },
    effectiveFrom: { label: t('tariffs.effectiveFrom'), paths: ['effectiveFrom'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const importRate = useMutation({
    mutationFn: async () => {
      const body = checkFormBody(
        importUrdbBody,
        { document, ...(code ? { code } : {}), ...(effectiveFrom ? { effectiveFrom } : {}) },
        {
          fields: fieldList,
          t,
          formErrors: [
            ...checkUrdbDocument(document, fields.document.label, t),
            ...checkDateInput(effectiveFromRef.current, 'effectiveFrom', fields.effectiveFrom.label, t),
          ],
        },
      );
      return api<{ tariff: { id: string } }>('/v1/tariffs/urdb-imports', { method: 'POST', body });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['tariffs'] });
      await navigate(`/tariffs/${result.tariff.id}`);
    },
  });
  const error = importRate.error instanceof ApiError ? importRate.error : null;
  // A conflict's field message only names the overlapping ranges, so the field shows the conflict's whole
  // message, which states what to do.
  const messages = useFieldMessages(error, fields);

  return (
    <FormCard
      title={t('tariffs.importUrdb')}
      error={importRate.error}
      fields={fieldList}
      onSubmit={() => importRate.mutate()}
    >
      <Stack>
        <Textarea
          label={t('tariffs.urdbJson')}
          value={document}
          onChange={(event) => setDocument(event.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={12}
          required
          error={messages.document}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
        <Group align="flex-start">
          <TextInput
            label={t('tariffs.code')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={messages.code}
          />
          <TextInput
            label={t('tariffs.effectiveFrom')}
            type="date"
            ref={effectiveFromRef}
            value={effectiveFrom}
            onChange={(event) => setEffectiveFrom(event.currentTarget.value)}
            error={messages.effectiveFrom}
          />
          <Button type="submit" loading={importRate.isPending} mt={24}>
            {t('tariffs.importUrdb')}
          </Button>
        </Group>
      </Stack>
    </FormCard>
  );
}

/**
 * Checks that the pasted text is JSON the server can unwrap: an object (the API response or one rate),
 * or a string holding one. The schema accepts any text, because the server parses it.
 */
function checkUrdbDocument(text: string, label: string, t: TFunction): FieldError[] {
  if (text.trim() === '') return [{ path: 'document', message: t('form.required', { field: label }) }];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject || typeof value === 'string') return [];
  return [{ path: 'document', message: t('tariffs.urdbNotJson', { field: label }) }];
}

/**
 * Rejects a date input whose typed text is not a whole, existing date, such as 2026-02-30. The browser
 * gives such an input the value "" (and `validity.badInput`), which would read as "no date" and let the
 * server take another date.
 */
function checkDateInput(
  input: HTMLInputElement | null,
  path: string,
  label: string,
  t: TFunction,
): FieldError[] {
  if (!input?.validity.badInput) return [];
  return [{ path, message: t('form.incompleteDate', { field: label }) }];
}
