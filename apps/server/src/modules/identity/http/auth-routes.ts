import { z } from 'zod';
import { companySchema, getCompany } from '../../companies/index.js';
import { principalKinds } from '../../../platform/auth/permissions.js';
import { sessionCookieName } from '../../../platform/auth/register-authentication.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { passwordResetRequestBody, signInBody } from '../domain/auth-request-schemas.js';
import { maxPasswordLength } from '../domain/password-length.js';
import { getUser } from '../app/list-users.js';
import { beginTotpSetup, confirmTotp } from '../app/manage-totp.js';
import { requestPasswordReset } from '../app/request-password-reset.js';
import { resetPassword } from '../app/reset-password.js';
import { signIn } from '../app/sign-in.js';
import { signOut } from '../app/sign-out.js';
import { userSchema } from './user-json.js';

const sessionSchema = z
  .object({
    kind: z.enum(principalKinds),
    expiresAt: z.iso.datetime(),
    csrfToken: z
      .string()
      .nullable()
      .describe(
        'The token that writes made with this session cookie send in the X-CSRF-Token header, for tabs other than the one that signed in; null for a session opened before tokens were derived from the cookie',
      ),
    user: userSchema,
    permissions: z.array(z.string()),
    company: companySchema.describe(
      "The user's company, whose currency and time zone format what the user sees",
    ),
  })
  .meta({ id: 'Session' });

const allKinds = [...principalKinds];

/** Sign-in, sign-out, the current session, the second factor and password resets: /v1/auth. */
export const authRoutes: RoutePlugin = (app, { database, isHttps, signInsPerMinute }) => {
  // Password reset lookups still running after their response; closing the app waits for them.
  const pendingLookups = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.all([...pendingLookups]);
  });

  app.post(
    '/v1/auth/sessions',
    {
      // Public, but limited per client address on top of the per-account lockout.
      config: { public: true, rateLimit: { max: signInsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token that writes must send',
        body: signInBody,
        response: { 201: z.object({ csrfToken: z.string(), expiresAt: z.iso.datetime(), user: userSchema }) },
      },
    },
    async (request, reply) => {
      const { company, kind, email, password, totpCode } = request.body;
      const session = await signIn(
        database,
        { companyCode: company, kind, email, password, totpCode },
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id },
      );
      const user = await getUser(database.forCompany(session.companyId), session.companyId, session.userId);
      void reply.setCookie(sessionCookieName, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: isHttps(request),
        path: '/',
        expires: session.expiresAt,
      });
      return reply
        .status(201)
        .send({ csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString(), user });
    },
  );

  app.get(
    '/v1/auth/session',
    {
      config: { permission: 'self', principals: allKinds },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, the session kind, its expiry and its permissions',
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const session = requireSession(request.session);
      // The response carries the CSRF token, so no cache keeps it. Other sites cannot read it: the cookie
      // is SameSite=Strict and the server sends no CORS headers.
      void reply.header('cache-control', 'no-store');
      return {
        kind: session.kind,
        expiresAt: session.expiresAt,
        csrfToken: session.csrfToken,
        user: await getUser(request.db, request.context.companyId, session.userId),
        permissions: [...request.permissions],
        company: await getCompany(request.db, request.context.companyId),
      };
    },
  );

  app.delete(
    '/v1/auth/session',
    {
      config: { permission: 'self', principals: allKinds },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const session = requireSession(request.session);
      await signOut(request.db, request.context, session.userId, session.sessionId);
      void reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/totp',
    {
      config: { permission: 'self', principals: allKinds },
      schema: {
        tags: ['auth'],
        summary:
          'Start turning on the second factor: returns the secret and otpauth:// URI for an authenticator app',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
      },
    },
    (request) => beginTotpSetup(request.db, request.context, requireSession(request.session).userId),
  );

  app.post(
    '/v1/auth/totp/confirmation',
    {
      config: { permission: 'self', principals: allKinds },
      schema: {
        tags: ['auth'],
        summary: 'Put the second factor in force with a current code from the authenticator app',
        body: z.object({ code: z.string().regex(/^\d{6}$/, 'Expected the 6-digit code') }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await confirmTotp(
        request.db,
        request.context,
        requireSession(request.session).userId,
        request.body.code,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/password-reset-requests',
    {
      // Each request may send a mail, so fewer are allowed per client address than for sign-in.
      config: {
        public: true,
        rateLimit: { max: Math.max(1, Math.floor(signInsPerMinute / 3)), timeWindow: 60_000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: mails a one-time reset link to the user with this email, if there is one',
        description:
          'The answer is the same whether or not the account exists. A user gets at most three reset links an hour.',
        body: passwordResetRequestBody,
        response: { 202: z.object({ message: z.string() }) },
      },
    },
    async (request, reply) => {
      const { company, kind, email, language } = request.body;
      // The lookup runs after the response is sent, so its duration cannot tell which accounts exist.
      await reply.status(202).send({
        message: 'If an active account has this email, a reset link is on its way to it.',
      });
      const lookup = requestPasswordReset(
        database,
        { companyCode: company, kind, email, language },
        { requestId: request.id, ip: request.ip },
      )
        .then(() => undefined)
        .catch((error: unknown) => {
          request.log.error({ err: error, requestId: request.id }, 'password reset request failed');
        })
        .finally(() => pendingLookups.delete(lookup));
      pendingLookups.add(lookup);
      return reply;
    },
  );

  app.post(
    '/v1/auth/password-resets',
    {
      config: { public: true, rateLimit: { max: signInsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a one-time reset token; ends every session of the user',
        body: z.object({
          token: z.string().min(1).max(200),
          newPassword: z.string().min(1).max(maxPasswordLength),
        }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await resetPassword(database, request.body.token, request.body.newPassword, {
        requestId: request.id,
        ip: request.ip,
      });
      return reply.status(204).send(null);
    },
  );
};

function requireSession<T>(session: T | null): T {
  if (session === null) {
    throw new AppError(
      'forbidden',
      'AUTH.SESSION_REQUIRED',
      'This route is for signed-in users: an API key has no session.',
    );
  }
  return session;
}
