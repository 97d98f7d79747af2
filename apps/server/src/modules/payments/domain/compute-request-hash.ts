import { createHash } from 'node:crypto';

type Canonical = string | null | Canonical[] | { [key: string]: Canonical };

function canonicalize(value: Canonical): string {
  if (value === null || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalize(value[key]!)}`).join(',')}}`;
}

/**
 * Computes the SHA-256 (hex) of a request's canonical JSON: keys sorted, every value a string or null,
 * so the same request always hashes the same whatever order its fields arrived in.
 */
export function computeRequestHash(request: { [key: string]: Canonical }): string {
  return createHash('sha256').update(canonicalize(request)).digest('hex');
}
