import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ApiError, type FieldError } from '../api/client.js';
import { useApiErrorMessages } from '../api/use-api-error-messages.js';
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

/**
 * Shows an error with its message and field messages in the user's language, and a retry button when one
 * is given.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { describe, describeField } = useApiErrorMessages();
  // A retry cannot change a 403 or a 404, so these show what they mean instead of the server's detail.
  if (error instanceof ApiError && error.status === 403) return <NoAccessState />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert color="red" title={t('common.notFound')} role="alert" data-testid="not-found-state">
        <Text size="sm">{t('common.notFoundDetail')}</Text>
      </Alert>
    );
  }
  let message: string;
  let fieldLines: string[] = [];
  if (error instanceof ApiError) {
    message = describe(error);
    fieldLines = describeQueryFields(error, message, describeField);
  } else {
    message = error instanceof Error ? error.message : String(error);
  }
  return (
    <Alert color="red" title={t('common.errorTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {fieldLines.length > 0 && (
          <ul>
            {fieldLines.map((line) => (
              <li key={line}>
                <Text size="sm">{line}</Text>
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
  const { describe, describeField } = useApiErrorMessages();
  if (!error) return null;
  let message: string;
  let unplaced: FieldError[] = [];
  if (error instanceof ApiError) {
    const unplacedErrors = listUnplacedErrors(error, fields);
    if (error.fieldErrors.length > 0 && unplacedErrors.length === 0) return null;
    message = describe(error);
    // The field of a rule violation shows the whole message, which the alert shows already.
    unplaced = unplacedErrors
      .map((field) => ({ ...field, message: describeField(error, field) }))
      .filter((field) => field.message !== message);
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

/**
 * Words the field messages of a list's error that its message does not contain already. A query
 * parameter's issue that the server's schema found names the parameter, like a form names its field.
 */
function describeQueryFields(
  error: ApiError,
  message: string,
  describeField: (error: ApiError, fieldError: FieldError, field?: FormField) => string,
): string[] {
  return error.fieldErrors.flatMap((fieldError) => {
    const parameter = fieldError.path.startsWith('query.')
      ? fieldError.path.slice('query.'.length)
      : undefined;
    const field = parameter === undefined ? undefined : { label: parameter, paths: [fieldError.path] };
    const described = describeField(error, fieldError, field);
    // The server's detail often repeats a field message word for word, which would then show twice.
    if (message.includes(fieldError.message) || described === message) return [];
    return [described === fieldError.message ? `${fieldError.path}: ${described}` : described];
  });
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
