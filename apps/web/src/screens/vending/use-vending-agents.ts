import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { useSession } from '../../auth/session.js';
import type { VendingAgent } from './vending-types.js';

export const vendingAgentsQueryKey = ['vending-agents'] as const;

/**
 * Returns the vending agents the user may see: an agent's login gets its own agent only (none while the
 * utility has not assigned it to one), and staff get every agent of the company.
 */
export function useVendingAgents() {
  return useQuery({
    queryKey: vendingAgentsQueryKey,
    queryFn: async () => (await api<{ items: VendingAgent[] }>('/v1/prepaid/agents')).items,
  });
}

/** Returns whether the signed-in user is a vending agent's login rather than the utility's staff. */
export function useIsAgentSession(): boolean {
  return useSession().data?.kind === 'agent';
}
