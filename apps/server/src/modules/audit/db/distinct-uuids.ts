const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Returns the distinct values that are UUIDs, in lower case, for a `uuid[]` parameter: audit events
 * store ids as text, and some (a system actor such as `job:bill-run`) are no UUID and would fail the cast.
 */
export function distinctUuids(values: Iterable<string>): string[] {
  const uuids = new Set<string>();
  for (const value of values) {
    if (uuidPattern.test(value)) uuids.add(value.toLowerCase());
  }
  return [...uuids];
}
