import { lookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Checks whether an IP address is private, loopback, link-local or otherwise not on the public internet.
 * Webhooks to such addresses would let a company's administrator make the server call into its own
 * network. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by it.
 */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) return isPrivateIpv4(address.split('.').map(Number));
  if (isIP(address) !== 6) return true;
  const words = ipv6Words(address);
  const embedded = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];
  const zeros = (count: number) => words.slice(0, count).every((word) => word === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated), the unspecified and loopback addresses.
  if (zeros(5) && (words[5] === 0xffff || words[5] === 0)) {
    if (words[5] === 0 && words[6] === 0) return true;
    return isPrivateIpv4(embedded(words[6]!, words[7]!));
  }
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 reach an IPv4 address too.
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0)) {
    return isPrivateIpv4(embedded(words[6]!, words[7]!));
  }
  if (words[0] === 0x2002) return isPrivateIpv4(embedded(words[1]!, words[2]!));
  const first = words[0]!;
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast.
  return (
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80 ||
    (first & 0xffc0) === 0xfec0 ||
    first >= 0xff00
  );
}

function isPrivateIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** Expands an IPv6 address into its eight 16-bit words; a trailing dotted IPv4 part counts as two. */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headWords.length - tailWords.length;
  return [...headWords, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailWords].map(
    (word) => Number.parseInt(word, 16),
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

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Resolves a host name for an outgoing connection and fails for private addresses. The check runs on the address
 * the socket connects to, so a name that resolves to a public address when checked and to a private one
 * when connecting (DNS rebinding) is refused too.
 */
export function publicOnlyLookup(
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: LookupCallback,
): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '');
      return;
    }
    const blocked = addresses.filter((entry) => isPrivateAddress(entry.address));
    if (blocked.length > 0) {
      callback(
        Object.assign(
          new Error(
            `${hostname} resolves to the private address ${blocked.map((entry) => entry.address).join(', ')}; set CIS_WEBHOOKS_ALLOW_PRIVATE=true to allow such targets`,
          ),
          { code: 'EPRIVATE' },
        ),
        '',
      );
      return;
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
  });
}
