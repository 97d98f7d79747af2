import { AppShell, Burger, Group, Kbd, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useFocusReturn, useHotkeys } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { hasPermission, useSession } from '../auth/session.js';
import { LoadingState } from '../components/states.js';
import { LanguageSelect } from './LanguageSelect.js';
import { SignOutFailure, UserMenu, useSignOut } from './UserMenu.js';

const SearchDialog = lazy(async () => ({
  default: (await import('../search/SearchDialog.js')).SearchDialog,
}));

/** The screens of the main navigation, each shown only to users who hold its read permission. */
const navItems = [
  { to: '/customers', label: 'nav.customers', permission: 'customers:read' },
  { to: '/bills', label: 'nav.bills', permission: 'billing:read' },
  { to: '/bill-runs', label: 'nav.billRuns', permission: 'billing:read' },
  { to: '/tariffs', label: 'nav.tariffs', permission: 'rates:read' },
  { to: '/payments', label: 'nav.payments', permission: 'payments:read' },
  { to: '/vending/sell', label: 'vending.nav.sell', permission: 'vending:read' },
  { to: '/vending/vends', label: 'vending.nav.vends', permission: 'vending:read' },
  { to: '/vending/sales', label: 'vending.nav.sales', permission: 'vending:read' },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession().data;
  const [navOpen, nav] = useDisclosure(false);
  const [searchOpen, search] = useDisclosure(false);
  // The search dialog unmounts when it closes, before its own focus return runs, so the layout returns the
  // focus to where it was when the dialog opened.
  useFocusReturn({ opened: searchOpen });
  const signOut = useSignOut();
  const shortcut = navigator.platform.toLowerCase().includes('mac') ? '⌘ K' : 'Ctrl K';
  // The search finds customers, accounts and meters, so a user who may not read them, such as a vending
  // agent's login, gets no search box.
  const maySearch = hasPermission(session, 'customers:read');

  useHotkeys(
    maySearch
      ? [
          ['mod+K', () => search.open()],
          ['/', () => search.open()],
        ]
      : [],
  );

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.main')}
            />
            <Text fw={700}>{t('app.name')}</Text>
            <Text c="gray.8" size="sm" visibleFrom="md">
              {session?.company.name}
            </Text>
          </Group>
          {maySearch && (
            <UnstyledButton
              onClick={search.open}
              aria-label={t('header.searchHint', { shortcut })}
              style={{ flex: 1, maxWidth: 420 }}
            >
              <Group
                gap="xs"
                px="sm"
                py={6}
                style={{ border: '1px solid var(--mantine-color-gray-5)', borderRadius: 4 }}
                wrap="nowrap"
              >
                <Text size="sm" c="gray.8" truncate>
                  {t('header.search')}
                </Text>
                <Kbd ml="auto" size="xs">
                  {shortcut}
                </Kbd>
              </Group>
            </UnstyledButton>
          )}
          <UserMenu signOut={signOut} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print" aria-label={t('nav.main')} component="nav">
        {navItems
          .filter((item) => hasPermission(session, item.permission))
          .map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              label={t(item.label)}
              onClick={nav.close}
            />
          ))}
        <div style={{ marginTop: 'auto' }}>
          <LanguageSelect />
        </div>
      </AppShell.Navbar>
      <AppShell.Main id="main" component="main">
        <SignOutFailure signOut={signOut} />
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      {searchOpen && (
        <Suspense fallback={null}>
          <SearchDialog opened={searchOpen} onClose={search.close} />
        </Suspense>
      )}
    </AppShell>
  );
}
