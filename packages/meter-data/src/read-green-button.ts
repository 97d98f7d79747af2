import { SaxesParser } from 'saxes';

import { decodeText } from './decode-text.js';
import type { GreenButtonEvent } from './green-button-event.js';
import { GreenButtonFeedReader } from './green-button-feed-reader.js';
import { MeterDataError } from './meter-data-error.js';

export type ReadGreenButtonOptions = {
  /**
   * `throw` (default) stops at the first bad value with a MeterDataError; `report` yields an `invalid`
   * event for it, skips that reading or resource, and reads on. Malformed XML always throws.
   */
  onInvalid?: 'throw' | 'report';
  /** Readings held while they wait for a resource the feed places later; default MAX_PENDING_READINGS. */
  maxPendingReadings?: number;
};

/**
 * Streams a Green Button (NAESB ESPI) Atom feed: usage points, reading types, meter readings and one
 * `interval` event per IntervalReading, with values exact as decimals. Several usage points per feed are
 * supported. Events of one chunk are yielded before the next chunk is parsed, so memory stays flat apart
 * from the readings that wait for a resource the feed places later (see GreenButtonFeedReader).
 */
export async function* readGreenButton(
  source: AsyncIterable<string | Buffer>,
  options: ReadGreenButtonOptions = {},
): AsyncGenerator<GreenButtonEvent> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const reader = new GreenButtonFeedReader(
    options.onInvalid ?? 'throw',
    () => ({ line: parser.line, column: parser.column + 1 }),
    options.maxPendingReadings,
  );

  parser.on('opentag', (tag) => reader.openTag(tag));
  parser.on('text', (text) => reader.addText(text));
  parser.on('cdata', (text) => reader.addText(text));
  parser.on('closetag', (tag) => reader.closeTag(tag));
  parser.on('error', (error) => {
    reader.fail(
      new MeterDataError({
        code: 'MALFORMED_XML',
        message: `Invalid XML: ${error.message}`,
        line: parser.line,
        column: parser.column + 1,
        field: undefined,
        value: undefined,
      }),
    );
  });

  for await (const text of decodeText(source)) {
    parser.write(text);
    yield* reader.events.splice(0);
    if (reader.failure !== undefined) {
      throw reader.failure;
    }
  }

  parser.close();
  if (reader.failure === undefined) {
    reader.end();
  }
  yield* reader.events.splice(0);
  if (reader.failure !== undefined) {
    throw reader.failure;
  }
}
