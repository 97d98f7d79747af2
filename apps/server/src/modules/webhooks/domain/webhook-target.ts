import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Checks whether an IP address is private, loopback, link-local or otherwise not on the public internet. Webhooks
 * to such addresses would let a company's administrator make the server call into its own network.
 */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice('::ffff:'.length));
  return (
    lower === '::' ||
    lower === '::1' ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    lower.startsWith('fe80')
  );
}

/** Parses a subscription URL: http or https, no user name or password in it. Returns a problem or the URL. */
export function parseWebhookUrl(text: string): URL | string {
  if (!URL.canParse(text)) return 'is not an absolute URL';
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// or http://';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  return url;
}

/** Throws when the URL's host resolves to a private address and such targets are not allowed. */
export async function assertPublicTarget(url: URL, allowPrivateTargets: boolean): Promise<void> {
  if (allowPrivateTargets) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  const blocked = addresses.filter(isPrivateAddress);
  if (blocked.length > 0) {
    throw new Error(
      `${url.hostname} resolves to the private address ${blocked.join(', ')}; set CIS_WEBHOOKS_ALLOW_PRIVATE=true to allow such targets`,
    );
  }
}
