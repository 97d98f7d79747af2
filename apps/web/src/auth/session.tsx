import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api/client.js';
import type { Company, Session } from '../api/types.js';

export const sessionQueryKey = ['session'] as const;

/** The signed-in session, or null when nobody is signed in (the server answers 401). */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('/v1/auth/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The user's company: its currency, minor unit and time zone format every amount and time. */
export function useCompany(): Company | undefined {
  return useSession().data?.company;
}

/** Whether the session holds a permission such as `billing:write`; `*` holds them all. */
export function hasPermission(session: Session | null | undefined, permission: string): boolean {
  if (!session) return false;
  return session.permissions.includes('*') || session.permissions.includes(permission);
}

export function usePermission(permission: string): boolean {
  return hasPermission(useSession().data, permission);
}
