/**
 * Decodes a stream of UTF-8 chunks into strings. A multi-byte character split across two Buffers is kept
 * whole, and invalid UTF-8 raises a TypeError instead of being replaced silently.
 */
export async function* decodeText(source: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > 0) {
      yield text;
    }
  }
  const rest = decoder.decode();
  if (rest.length > 0) {
    yield rest;
  }
}
