import { createBrowserRouter, Navigate } from 'react-router';
import { RequirePermission } from '../auth/RequirePermission.js';
import { RequireSession } from '../auth/RequireSession.js';
import { RequireSessionKind } from '../auth/RequireSessionKind.js';
import { usePermission } from '../auth/session.js';
import { SignInPage } from '../auth/SignInPage.js';
import { AppLayout } from '../layout/AppLayout.js';
import { SelfServiceLayout } from '../layout/SelfServiceLayout.js';
import { LoadingState, NotFoundPage, RouteErrorPage } from '../components/states.js';

/**
 * Opens the customer list, or the vending screens for a user who may sell but not read customers, such
 * as a vending agent's login.
 */
function StartScreen() {
  const mayReadCustomers = usePermission('customers:read');
  const maySell = usePermission('vending:read');
  return <Navigate to={!mayReadCustomers && maySell ? '/vending/sell' : '/customers'} replace />;
}

// Screens load on first visit, so the first screen does not pay for charts and tables it does not show.
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  // Self-service: a customer's own area, with none of the back office's menu.
  {
    path: '/my',
    element: (
      <RequireSession>
        <RequireSessionKind kinds={['customer']}>
          <SelfServiceLayout />
        </RequireSessionKind>
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <LoadingState />,
    children: [
      { index: true, element: <Navigate to="/my/top-ups" replace /> },
      {
        path: 'top-ups',
        lazy: async () => ({
          Component: (await import('../screens/self-service/MyTopUpsPage.js')).MyTopUpsPage,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/',
    element: (
      <RequireSession>
        <RequireSessionKind kinds={['staff', 'agent']}>
          <AppLayout />
        </RequireSessionKind>
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    // Shown while the lazy screen of the first URL loads. Without it, react-router 7 renders nothing and warns.
    hydrateFallbackElement: <LoadingState />,
    children: [
      { index: true, element: <StartScreen /> },
      {
        path: 'customers',
        lazy: async () => ({
          Component: (await import('../screens/customers/CustomersPage.js')).CustomersPage,
        }),
      },
      {
        path: 'customers/:customerId',
        lazy: async () => ({
          Component: (await import('../screens/customers/CustomerPage.js')).CustomerPage,
        }),
      },
      {
        path: 'accounts/:accountId',
        lazy: async () => ({ Component: (await import('../screens/accounts/AccountPage.js')).AccountPage }),
      },
      {
        element: <RequirePermission permission="billing:read" />,
        children: [
          {
            path: 'bills',
            lazy: async () => ({ Component: (await import('../screens/bills/BillsPage.js')).BillsPage }),
          },
          {
            path: 'bills/:billId',
            lazy: async () => ({ Component: (await import('../screens/bills/BillPage.js')).BillPage }),
          },
          {
            path: 'bill-runs',
            lazy: async () => ({
              Component: (await import('../screens/bill-runs/BillRunsPage.js')).BillRunsPage,
            }),
          },
          {
            path: 'bill-runs/:billRunId',
            lazy: async () => ({
              Component: (await import('../screens/bill-runs/BillRunPage.js')).BillRunPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission permission="rates:read" />,
        children: [
          {
            path: 'tariffs',
            lazy: async () => ({
              Component: (await import('../screens/tariffs/TariffsPage.js')).TariffsPage,
            }),
          },
          {
            path: 'tariffs/:tariffId',
            lazy: async () => ({ Component: (await import('../screens/tariffs/TariffPage.js')).TariffPage }),
          },
        ],
      },
      {
        element: <RequirePermission permission="payments:read" />,
        children: [
          {
            path: 'payments',
            lazy: async () => ({
              Component: (await import('../screens/payments/PaymentsPage.js')).PaymentsPage,
            }),
          },
          {
            path: 'payments/:paymentId',
            lazy: async () => ({
              Component: (await import('../screens/payments/PaymentPage.js')).PaymentPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission permission="vending:read" />,
        children: [
          { path: 'vending', element: <Navigate to="/vending/sell" replace /> },
          {
            path: 'vending/sell',
            lazy: async () => ({ Component: (await import('../screens/vending/SellPage.js')).SellPage }),
          },
          {
            path: 'vending/vends',
            lazy: async () => ({ Component: (await import('../screens/vending/VendsPage.js')).VendsPage }),
          },
          {
            path: 'vending/vends/:vendId',
            lazy: async () => ({ Component: (await import('../screens/vending/VendPage.js')).VendPage }),
          },
          {
            path: 'vending/sales',
            lazy: async () => ({ Component: (await import('../screens/vending/SalesPage.js')).SalesPage }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
