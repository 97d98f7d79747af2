import { Alert, Button, Menu } from '@mantine/core';
import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, csrfToken } from '../api/client.js';
import { useApiErrorMessages } from '../api/use-api-error-messages.js';
import { sessionQueryKey, useSession } from '../auth/session.js';

type SignOut = UseMutationResult<void, Error, void>;

/** Returns the sign-out mutation, which ends the session and opens the sign-in page. */
export function useSignOut(): SignOut {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api('/v1/auth/session', { method: 'DELETE' });
      } catch (error) {
        // A session that has already ended (401) is signed out. Any other failure leaves the session open,
        // so the page stays and shows the error, because on a shared desk the next person would work in it.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: async () => {
      csrfToken.clear();
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
      await navigate('/sign-in', { replace: true });
    },
  });
}

/** Shows the signed-in user's name in the header, which opens a menu with the email and sign-out. */
export function UserMenu({ signOut }: { signOut: SignOut }) {
  const { t } = useTranslation();
  const session = useSession().data;
  return (
    <Menu position="bottom-end" withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="subtle" size="sm">
          {session?.user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.signedInAs', { name: session?.user.email })}</Menu.Label>
        <Menu.Item onClick={() => signOut.mutate()}>{t('header.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Says that signing out failed and the session is still open, until the user closes it. */
export function SignOutFailure({ signOut }: { signOut: SignOut }) {
  const { t } = useTranslation();
  const { describe } = useApiErrorMessages();
  if (!signOut.isError) return null;
  return (
    <Alert
      color="red"
      role="alert"
      title={t('header.signOutFailed')}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={signOut.reset}
      mb="md"
    >
      {signOut.error instanceof ApiError ? describe(signOut.error) : signOut.error.message}
    </Alert>
  );
}
