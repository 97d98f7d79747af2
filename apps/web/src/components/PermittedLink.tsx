import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { usePermission } from '../auth/session.js';

/**
 * Links to `to` when the user has `permission`, the one the target screen's data needs, and shows plain
 * text otherwise, so that no link leads to a screen that only shows an access error.
 */
export function PermittedLink({
  to,
  permission,
  children,
}: {
  to: string;
  permission: string;
  children: ReactNode;
}) {
  const permitted = usePermission(permission);
  if (!permitted) return <Text span>{children}</Text>;
  return (
    <Anchor component={Link} to={to}>
      {children}
    </Anchor>
  );
}
