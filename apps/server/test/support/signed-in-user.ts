import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createUser } from '../../src/modules/identity/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';

/** A user signed in over HTTP, with the headers that its session's requests send. */
export type SignedInUser = {
  id: string;
  email: string;
  headers: { cookie: string; 'x-csrf-token': string };
};

/**
 * Creates a user of `kind` in the company, sets its password and signs it in through the sign-in route,
 * as a person would. Staff users get `roles`; customer users need the `customerId` they act for.
 */
export async function signInNewUser(
  app: HttpApp,
  db: Db,
  company: { companyId: string; code: string },
  user: { kind: 'staff' | 'agent' | 'customer'; roles?: string[]; customerId?: string },
): Promise<SignedInUser> {
  const email = `${user.kind}-${randomUUID()}@users.example.com`;
  const created = await createUser(db, systemContext(company.companyId), {
    kind: user.kind,
    email,
    displayName: `${user.kind} ${email.slice(user.kind.length + 1, user.kind.length + 9)}`,
    roles: user.roles ?? [],
    ...(user.customerId === undefined ? {} : { customerId: user.customerId }),
  });
  const password = 'test user password long enough';
  const reset = await app.inject({
    method: 'POST',
    url: '/v1/auth/password-resets',
    payload: { token: created.passwordSetupToken, newPassword: password },
  });
  expect(reset.statusCode, reset.body).toBeLessThan(300);
  const signedIn = await app.inject({
    method: 'POST',
    url: '/v1/auth/sessions',
    payload: { company: company.code, kind: user.kind, email, password },
  });
  expect(signedIn.statusCode, signedIn.body).toBe(201);
  const cookie = signedIn.cookies.find((entry) => entry.name === 'cis_session')?.value ?? '';
  return {
    id: created.user.id,
    email,
    headers: {
      cookie: `cis_session=${cookie}`,
      'x-csrf-token': signedIn.json<{ csrfToken: string }>().csrfToken,
    },
  };
}
