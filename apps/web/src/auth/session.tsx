import { useQuery } from '@tanstack/react-query';
import { api, ApiError, csrfToken } from '../api/client.js';
import type { Company, Session } from '../api/types.js';

export const sessionQueryKey = ['session'] as const;

/** Returns the signed-in session, or null when no user is signed in (the server responds 401). */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await api<Session>('/v1/auth/session');
        // A tab that did not sign in gets the session's CSRF token here, before its first write.
        if (session.csrfToken) csrfToken.set(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Returns the user's company, whose currency, minor unit and time zone format every amount and time. */
export function useCompany(): Company | undefined {
  return useSession().data?.company;
}

/** Tells whether the session has a permission such as `billing:write`; `*` grants them all. */
export function hasPermission(session: Session | null | undefined, permission: string): boolean {
  if (!session) return false;
  return session.permissions.includes('*') || session.permissions.includes(permission);
}

export function usePermission(permission: string): boolean {
  return hasPermission(useSession().data, permission);
}
