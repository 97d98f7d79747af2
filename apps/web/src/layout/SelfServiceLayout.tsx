import { AppShell, Container, Group, NavLink, Text } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { useSession } from '../auth/session.js';
import { LoadingState } from '../components/states.js';
import { LanguageSelect } from './LanguageSelect.js';
import { SignOutFailure, UserMenu, useSignOut } from './UserMenu.js';

/** The screens of self-service, which every customer user may open. */
const selfServiceItems = [{ to: '/my/top-ups', label: 'selfService.nav.topUps' }] as const;

/**
 * Frames a customer's self-service area with the utility's name, the customer's own screens, the
 * language and sign-out. It has none of the back office's menu or search.
 */
export function SelfServiceLayout() {
  const { t } = useTranslation();
  const session = useSession().data;
  const signOut = useSignOut();

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap" gap="sm">
            <Text fw={700}>{session?.company.name}</Text>
            <Text c="gray.8" size="sm" visibleFrom="sm">
              {t('selfService.title')}
            </Text>
          </Group>
          <UserMenu signOut={signOut} />
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" component="main">
        <Container size="md" px={0}>
          <Group justify="space-between" align="flex-end" mb="md" className="no-print">
            <Group component="nav" aria-label={t('selfService.nav.label')} gap="xs">
              {selfServiceItems.map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  label={t(item.label)}
                  w="auto"
                />
              ))}
            </Group>
            <LanguageSelect />
          </Group>
          <SignOutFailure signOut={signOut} />
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
