import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ApiError, type FieldError } from '../api/client.js';
import { listUnplacedErrors, type FormField } from '../forms/form-field.js';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text>{label ?? t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Text c="gray.8" p="md">
      {children ?? t('common.empty')}
    </Text>
  );
}

/** Tells the user that their role does not give them the data of this screen. */
export function NoAccessState() {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('common.noAccess')} role="alert" data-testid="no-access-state">
      <Text size="sm">{t('common.noAccessDetail')}</Text>
    </Alert>
  );
}

/** Shows an error with the server's detail and field messages, and a retry button when one is given. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  // A retry cannot change a 403 or a 404, so these show what they mean instead of the server's detail.
  if (error instanceof ApiError && error.status === 403) return <NoAccessState />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert color="red" title={t('common.notFound')} role="alert" data-testid="not-found-state">
        <Text size="sm">{t('common.notFoundDetail')}</Text>
      </Alert>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  // The server's detail often repeats a field message word for word, which would then show twice.
  const fields = (error instanceof ApiError ? error.fieldErrors : []).filter(
    (field) => !message.includes(field.message),
  );
  return (
    <Alert color="red" title={t('common.errorTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {fields.length > 0 && (
          <ul>
            {fields.map((field) => (
              <li key={field.path}>
                <Text size="sm">
                  {field.path}: {field.message}
                </Text>
              </li>
            ))}
          </ul>
        )}
        {onRetry && (
          <Group>
            <Button variant="white" color="red.9" size="xs" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * Shows a form's error unless every field message in it shows next to one of `fields`, so that no
 * message of the server is lost, such as one about a field the form does not have. An error that is not
 * an ApiError, such as a failed connection, shows its message.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly FormField[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  let message: string;
  let unplaced: FieldError[] = [];
  if (error instanceof ApiError) {
    unplaced = listUnplacedErrors(error, fields);
    if (error.fieldErrors.length > 0 && unplaced.length === 0) return null;
    message = error.message;
  } else {
    message = t('form.requestFailed', {
      error: error instanceof Error ? error.message : JSON.stringify(error),
    });
  }
  return (
    <Alert color="red" mb="xs" role="alert">
      <Text size="sm">{message}</Text>
      {unplaced.map((field) => (
        <Text size="sm" key={field.path}>
          {field.path}: {field.message}
        </Text>
      ))}
    </Alert>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('common.notFound')}</Title>
      <Link to="/">{t('common.back')}</Link>
    </Stack>
  );
}

export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <Center p="xl">
      <ErrorState error={error} />
    </Center>
  );
}
