import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, csrfToken } from '../api/client.js';
import type { Session } from '../api/types.js';
import { FormError } from '../components/states.js';
import { checkFormBody, type DescribeIssue } from '../forms/check-form-body.js';
import type { FormField } from '../forms/form-field.js';
import { useFieldMessages } from '../api/use-api-error-messages.js';
import { useFocusInvalidField } from '../forms/use-focus-invalid-field.js';
import { LanguageSelect } from '../layout/LanguageSelect.js';
import { sessionQueryKey } from './session.js';

const companyStorageKey = 'open-cis.company-code';
const kindStorageKey = 'open-cis.sign-in-kind';

/**
 * The kind of user signing in: the utility's staff, the login of a third-party vending agent, or a
 * customer reaching self-service.
 */
type SignInKind = Session['kind'];

const signInKinds: readonly SignInKind[] = ['staff', 'agent', 'customer'];

function toSignInKind(value: string | null): SignInKind {
  return signInKinds.find((kind) => kind === value) ?? 'staff';
}

/**
 * Returns the kind that the URL names (`?kind=agent` or `?kind=customer`, so that an agent's shop or the
 * utility's website can link to its sign-in page), else the kind that last signed in on this browser,
 * else staff.
 */
function initialKind(fromUrl: string | null): SignInKind {
  return toSignInKind(fromUrl ?? localStorage.getItem(kindStorageKey));
}

/** Only a path of this app, never another site, is a place to return to after signing in. */
function safeReturnPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState(() => initialKind(params.get('kind')));
  const [company, setCompany] = useState(() => localStorage.getItem(companyStorageKey) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [forgotSent, setForgotSent] = useState(false);
  const fields = {
    company: { label: t('signIn.company'), paths: ['company'] },
    email: { label: t('signIn.email'), paths: ['email'] },
    password: { label: t('signIn.password'), paths: ['password'], kind: 'secret' },
    totpCode: { label: t('signIn.totpCode'), paths: ['totpCode'] },
  } satisfies Record<string, FormField>;
  const fieldList = needsTotp ? Object.values(fields) : [fields.company, fields.email, fields.password];

  const describe: DescribeIssue = (issue, field) =>
    field === fields.totpCode && typeof issue.input === 'string' && issue.input !== ''
      ? t('signIn.totpCodeInvalid', { field: field.label, value: issue.input })
      : undefined;

  const signIn = useMutation({
    mutationFn: async () => {
      const { signInBody } = await loadAuthSchemas();
      const body = checkFormBody(
        signInBody,
        { company, kind, email, password, ...(needsTotp ? { totpCode } : {}) },
        { fields: fieldList, t, describe },
      );
      return api<{ csrfToken: string }>('/v1/auth/sessions', { method: 'POST', body });
    },
    onSuccess: async (result) => {
      csrfToken.set(result.csrfToken);
      localStorage.setItem(companyStorageKey, company);
      localStorage.setItem(kindStorageKey, kind);
      queryClient.setQueryData(sessionQueryKey, await api<Session>('/v1/auth/session'));
      await navigate(safeReturnPath(params.get('returnTo')), { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'AUTH.TOTP_REQUIRED') setNeedsTotp(true);
    },
  });

  const forgot = useMutation({
    mutationFn: async () => {
      const { passwordResetRequestBody } = await loadAuthSchemas();
      const body = checkFormBody(
        passwordResetRequestBody,
        // The mail is written in the language of this page.
        { company, kind, email, language: i18n.language },
        { fields: [fields.company, fields.email], t },
      );
      return api('/v1/auth/password-reset-requests', { method: 'POST', body });
    },
    onSuccess: () => setForgotSent(true),
  });

  function chooseKind(value: string) {
    const next = toSignInKind(value);
    setKind(next);
    setNeedsTotp(false);
    signIn.reset();
    forgot.reset();
    const nextParams = new URLSearchParams(params);
    nextParams.set('kind', next);
    setParams(nextParams, { replace: true });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    forgot.reset();
    signIn.mutate();
  }

  function requestReset() {
    signIn.reset();
    forgot.mutate();
  }

  // The second factor is a prompt, not a failure: the hint above the code field explains it.
  const failure =
    signIn.error instanceof ApiError && signIn.error.code === 'AUTH.TOTP_REQUIRED'
      ? null
      : (signIn.error ?? forgot.error);
  const error = failure instanceof ApiError ? failure : null;
  const messages = useFieldMessages(error, fields);
  const formRef = useFocusInvalidField<HTMLFormElement>(failure);

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} id="sign-in-title" size="h2">
              {t('app.name')} · {t('signIn.title')}
            </Title>
            {params.get('expired') && <Alert color="yellow">{t('signIn.sessionEnded')}</Alert>}
            <FormError error={failure} fields={fieldList} />
            <Radio.Group label={t('signIn.kind')} value={kind} onChange={chooseKind}>
              <Group mt={4}>
                {signInKinds.map((option) => (
                  <Radio key={option} value={option} label={t(`signIn.kinds.${option}`)} />
                ))}
              </Group>
            </Radio.Group>
            {needsTotp && <Alert color="blue">{t('signIn.totpHint')}</Alert>}
            <TextInput
              label={t('signIn.company')}
              value={company}
              onChange={(event) => setCompany(event.currentTarget.value)}
              required
              autoComplete="organization"
              error={messages.company}
            />
            <TextInput
              label={t('signIn.email')}
              type="email"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              required
              autoComplete="username"
              error={messages.email}
            />
            <PasswordInput
              label={t('signIn.password')}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
              autoComplete="current-password"
              error={messages.password}
              // Mantine 9.8 points the password field to its message but does not mark it invalid.
              aria-invalid={messages.password ? true : undefined}
            />
            {needsTotp && (
              <TextInput
                label={t('signIn.totpCode')}
                value={totpCode}
                onChange={(event) => setTotpCode(event.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                // The field appears when the server requests the code, so the focus moves to it.
                autoFocus
                error={messages.totpCode}
              />
            )}
            <Button type="submit" loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
            {forgotSent ? (
              <Alert color="green">{t('signIn.forgotSent')}</Alert>
            ) : (
              <Anchor component="button" type="button" size="sm" onClick={requestReset}>
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

/**
 * Loads the sign-in schemas on first use. Zod and the date rules they bring are a large part of a
 * bundle, and the sign-in page is the first one most users load.
 */
function loadAuthSchemas() {
  return import('../../../server/src/modules/identity/domain/auth-request-schemas.js');
}
