import { isIP } from 'node:net';
/** How clients reach the server, which decides whether responses tell browsers to use HTTPS only. */
export type TransportSecurity = {
  /** The URL clients use; when it starts with https:, every response is treated as sent over HTTPS. */
  publicUrl?: string | undefined;
  /**
   * Proxies whose X-Forwarded-* headers count, so a request with `x-forwarded-proto: https` counts as HTTPS:
   * false (none), or the comma-separated addresses, CIDR ranges or ranges by name of the proxies.
   */
  trustProxy?: false | string | undefined;
};

const trueValues = new Set(['true', '1', 'yes']);
const falseValues = new Set(['false', '0', 'no', '']);

/**
 * Reads the transport settings from the environment. The server itself speaks plain HTTP, so it sends
 * Strict-Transport-Security and the CSP directive upgrade-insecure-requests only when one of these says
 * that clients reach it over TLS:
 * - CIS_PUBLIC_URL: the URL clients use, such as https://cis.example.com. An https: URL turns both
 *   headers on for every response.
 * - TRUST_PROXY=true: the server sits behind a reverse proxy that sets X-Forwarded-For and
 *   X-Forwarded-Proto. Then a request forwarded with `x-forwarded-proto: https` gets both headers, and
 *   rate limits on public routes key on the forwarded client address. Leave it unset when clients
 *   connect directly, because they could then forge these headers.
 * Without either, a browser that opens the server on a LAN address over HTTP is not told to switch to
 * an HTTPS endpoint that does not exist.
 */
export function readTransportSecurity(env: NodeJS.ProcessEnv): TransportSecurity {
  const publicUrl = env.CIS_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
    throw new Error(
      `Invalid CIS_PUBLIC_URL "${publicUrl}": set it to the absolute URL clients use, such as https://cis.example.com.`,
    );
  }
  return { publicUrl, trustProxy: parseTrustProxy(env.TRUST_PROXY) };
}

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads TRUST_PROXY: the proxies whose X-Forwarded-* headers count. `true` trusts proxies on loopback and
 * private addresses. Otherwise it lists proxy addresses, CIDR ranges or the names loopback, linklocal and
 * uniquelocal. The client address is the last one in X-Forwarded-For that no trusted proxy added, so a
 * client that writes its own X-Forwarded-For changes nothing.
 */
function parseTrustProxy(value: string | undefined): false | string {
  const setting = (value ?? '').trim().toLowerCase();
  if (falseValues.has(setting)) return false;
  if (trueValues.has(setting)) return 'loopback,linklocal,uniquelocal';
  const entries = setting.split(',').map((entry) => entry.trim());
  const isProxy = (entry: string) => {
    if (namedRanges.has(entry)) return true;
    const [address = '', prefix] = entry.split('/');
    return isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
  };
  if (entries.every(isProxy)) return entries.join(',');
  throw new Error(
    `Invalid TRUST_PROXY "${value}": set it to false, true (proxies on loopback or private addresses), or the proxies' addresses, CIDR ranges or the names loopback, linklocal, uniquelocal, separated by commas.`,
  );
}

/** Tells whether the request reached the client side over HTTPS, given the transport settings. */
export function isHttpsRequest(protocol: string, transport: TransportSecurity): boolean {
  if (transport.publicUrl?.toLowerCase().startsWith('https:')) return true;
  // Fastify derives the protocol from X-Forwarded-Proto only when its trustProxy option is on.
  return protocol === 'https';
}
