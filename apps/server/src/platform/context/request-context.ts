import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Who acts: an API key, a staff user, or the system itself (bill runs, the seed, the CLI). */
export type Actor = { kind: 'api-key' | 'user' | 'system'; id: string };

/** The company every query of a use case is scoped to, and who asked, for the audit trail. */
export type RequestContext = {
  companyId: string;
  actor: Actor;
  requestId: string | undefined;
  /** The client's IP address as the server saw it, for the audit trail; absent outside HTTP. */
  ip?: string;
  /** The principal's permissions, which use cases check; absent when the system itself acts. */
  permissions?: readonly string[];
};

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbOrTrx = Db | Trx;

export function systemContext(companyId: string, actorId = 'cli'): RequestContext {
  return { companyId, actor: { kind: 'system', id: actorId }, requestId: undefined };
}
