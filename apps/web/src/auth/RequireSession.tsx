import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { csrfToken, handleSessionEnd } from '../api/client.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { sessionQueryKey, useSession } from './session.js';

/**
 * Shows its children to a signed-in user, and sends anyone else to the sign-in page, which returns to
 * the page they asked for. A session that ends while the app is open (a 401 on any call) does the same.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  const expired = useRef(false);

  useEffect(() => {
    handleSessionEnd(() => {
      csrfToken.clear();
      expired.current = true;
      queryClient.setQueryData(sessionQueryKey, null);
    });
  }, [queryClient]);

  if (session.isPending) return <LoadingState />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const returnTo = location.pathname + location.search;
    const reason = expired.current ? 'expired=1&' : '';
    return <Navigate to={`/sign-in?${reason}returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return children;
}
