import { Outlet } from 'react-router';
import { NoAccessState } from '../components/states.js';
import { usePermission } from './session.js';

/**
 * Renders the child routes when the user has `permission`, the one their data needs, and a no-access
 * state otherwise, so that a screen typed into the address bar shows no form it cannot fill.
 */
export function RequirePermission({ permission }: { permission: string }) {
  return usePermission(permission) ? <Outlet /> : <NoAccessState />;
}
