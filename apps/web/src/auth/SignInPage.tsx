import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, csrfToken } from '../api/client.js';
import { LanguageSelect } from '../layout/LanguageSelect.js';
import type { Session } from '../api/types.js';
import { sessionQueryKey } from './session.js';

const companyStorageKey = 'open-cis.company-code';

/** Only a path of this app, never another site, is a place to return to after signing in. */
function safeReturnPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [company, setCompany] = useState(() => localStorage.getItem(companyStorageKey) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [forgotSent, setForgotSent] = useState(false);

  const signIn = useMutation({
    mutationFn: () =>
      api<{ csrfToken: string }>('/v1/auth/sessions', {
        method: 'POST',
        body: { company, email, password, ...(needsTotp ? { totpCode } : {}) },
      }),
    onSuccess: async (result) => {
      csrfToken.set(result.csrfToken);
      localStorage.setItem(companyStorageKey, company);
      queryClient.setQueryData(sessionQueryKey, await api<Session>('/v1/auth/session'));
      await navigate(safeReturnPath(params.get('returnTo')), { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'AUTH.TOTP_REQUIRED') setNeedsTotp(true);
    },
  });

  const forgot = useMutation({
    mutationFn: () => api('/v1/auth/password-reset-requests', { method: 'POST', body: { company, email } }),
    onSuccess: () => setForgotSent(true),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate();
  }

  const error =
    signIn.error instanceof ApiError && signIn.error.code !== 'AUTH.TOTP_REQUIRED' ? signIn.error : null;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form onSubmit={submit} aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} id="sign-in-title" size="h2">
              {t('app.name')} · {t('signIn.title')}
            </Title>
            {params.get('expired') && <Alert color="yellow">{t('signIn.sessionEnded')}</Alert>}
            {error && (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            )}
            {needsTotp && <Alert color="blue">{t('signIn.totpHint')}</Alert>}
            <TextInput
              label={t('signIn.company')}
              value={company}
              onChange={(event) => setCompany(event.currentTarget.value)}
              required
              autoComplete="organization"
              error={signIn.error instanceof ApiError ? signIn.error.fieldMessage('company') : undefined}
            />
            <TextInput
              label={t('signIn.email')}
              type="email"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              required
              autoComplete="username"
              error={signIn.error instanceof ApiError ? signIn.error.fieldMessage('email') : undefined}
            />
            <PasswordInput
              label={t('signIn.password')}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
              autoComplete="current-password"
            />
            {needsTotp && (
              <TextInput
                label={t('signIn.totpCode')}
                value={totpCode}
                onChange={(event) => setTotpCode(event.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                data-autofocus
              />
            )}
            <Button type="submit" loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
            {forgotSent ? (
              <Alert color="green">{t('signIn.forgotSent')}</Alert>
            ) : (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => forgot.mutate()}
                disabled={!company || !email}
              >
                {t('signIn.forgot')} {t('signIn.sendLink')}
              </Anchor>
            )}
            <LanguageSelect />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
