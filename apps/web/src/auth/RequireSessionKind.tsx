import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import type { Session } from '../api/types.js';
import { useSession } from './session.js';

/** Returns the path where a session of `kind` starts: self-service for a customer, else the back office. */
export function homePathOf(kind: Session['kind']): string {
  return kind === 'customer' ? '/my/top-ups' : '/';
}

/**
 * Shows its children to a session of one of `kinds` and sends any other session to the start of its own
 * area. So a customer who types a back-office address lands in self-service, and staff who open a
 * self-service link land in the back office. The server keeps the same split on every route. It goes
 * inside RequireSession, which waits for the session.
 */
export function RequireSessionKind({
  kinds,
  children,
}: {
  kinds: readonly Session['kind'][];
  children: ReactNode;
}) {
  const session = useSession().data;
  if (session && !kinds.includes(session.kind)) return <Navigate to={homePathOf(session.kind)} replace />;
  return children;
}
