import { describe, expect, it } from 'vitest';

import { MeterDataError, readGreenButton, type GreenButtonEvent } from '../src/index.js';
import { chunkedText, collect } from './support/sources.js';

const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">';

function entry(links: Record<string, string | string[]>, content: string, linksAfterContent = false): string {
  const linkTags = Object.entries(links)
    .flatMap(([rel, hrefs]) =>
      (Array.isArray(hrefs) ? hrefs : [hrefs]).map((href) => `<link rel="${rel}" href="${href}"/>`),
    )
    .join('');
  const body = `<content>${content}</content>`;
  return `<entry>${linksAfterContent ? body + linkTags : linkTags + body}</entry>`;
}

function espi(xml: string): string {
  return xml.replace(/^<(\w+)/, '<$1 xmlns="http://naesb.org/espi"');
}

function block(start: number, values: number[]): string {
  const readings = values
    .map(
      (value, index) =>
        `<IntervalReading><timePeriod><duration>3600</duration><start>${start + index * 3600}</start></timePeriod><value>${value}</value></IntervalReading>`,
    )
    .join('');
  return espi(
    `<IntervalBlock><interval><duration>${values.length * 3600}</duration><start>${start}</start></interval>${readings}</IntervalBlock>`,
  );
}

function usagePoint(id: string, kind: number): string {
  return entry(
    { self: `UP/${id}`, related: [`UP/${id}/MeterReading`, 'LTP/1'] },
    espi(`<UsagePoint><ServiceCategory><kind>${kind}</kind></ServiceCategory></UsagePoint>`),
  );
}

function meterReading(id: string, readingType: string): string {
  return entry(
    { self: `UP/${id}/MeterReading/1`, up: `UP/${id}/MeterReading`, related: [readingType] },
    espi('<MeterReading/>'),
  );
}

function readingType(id: string, uom: number, multiplier: number): string {
  return entry(
    { self: id },
    espi(
      `<ReadingType><powerOfTenMultiplier>${multiplier}</powerOfTenMultiplier><uom>${uom}</uom></ReadingType>`,
    ),
  );
}

async function read(xml: string, onInvalid: 'throw' | 'report' = 'throw'): Promise<GreenButtonEvent[]> {
  return collect(readGreenButton(chunkedText(xml, 11), { onInvalid }));
}

describe('readGreenButton linking', () => {
  it('links two usage points in any entry order', async () => {
    const xml = [
      FEED_START,
      usagePoint('E', 0),
      usagePoint('G', 1),
      meterReading('E', 'RT/wh'),
      meterReading('G', 'RT/therm'),
      entry(
        { self: 'UP/G/MeterReading/1/IntervalBlock/1', up: 'UP/G/MeterReading/1/IntervalBlock' },
        block(1_700_000_000, [5]),
        true,
      ),
      entry(
        { self: 'UP/E/MeterReading/1/IntervalBlock/1', up: 'UP/E/MeterReading/1/IntervalBlock' },
        block(1_700_000_000, [100, 200]),
      ),
      readingType('RT/wh', 72, 0),
      readingType('RT/therm', 169, -3),
      entry(
        { self: 'LTP/1' },
        espi('<LocalTimeParameters><tzOffset>-18000</tzOffset></LocalTimeParameters>'),
      ),
      '</feed>',
    ].join('\n');
    const events = await read(xml);
    // Both blocks wait for their ReadingType, so the one whose type arrives first is emitted first.
    const intervals = events.filter((event) => event.kind === 'interval');
    expect(intervals.map((event) => [event.usagePointId, event.value.toString(), event.unit])).toEqual([
      ['UP/E', '100', 'Wh'],
      ['UP/E', '200', 'Wh'],
      ['UP/G', '5', 'therm'],
    ]);
    const usagePoints = events.filter((event) => event.kind === 'usagePoint');
    expect(usagePoints.map((event) => [event.usagePointId, event.serviceKind])).toEqual([
      ['UP/E', 'electricity'],
      ['UP/G', 'gas'],
    ]);
    // LocalTimeParameters came last, after both usage points were announced.
    expect(events.filter((event) => event.kind === 'localTime')).toHaveLength(2);
  });

  it('reports a block with no meter reading', async () => {
    const xml = `${FEED_START}${entry({ self: 'X/IntervalBlock/1', up: 'X/IntervalBlock' }, block(0, [1]))}</feed>`;
    await expect(read(xml)).rejects.toMatchObject({
      code: 'UNLINKED_RESOURCE',
      line: 1,
      value: 'X/IntervalBlock/1',
    });
    const events = await read(xml, 'report');
    expect(events).toMatchObject([{ kind: 'invalid', code: 'UNLINKED_RESOURCE' }]);
  });

  it('rejects malformed XML with its position', async () => {
    const error = await read(`${FEED_START}\n<entry>\n<title>a</titel>\n</entry></feed>`).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MeterDataError);
    expect(error).toMatchObject({ code: 'MALFORMED_XML', line: 3 });
  });

  it('reports a non-numeric value', async () => {
    const xml = [
      FEED_START,
      usagePoint('E', 0),
      meterReading('E', 'RT/wh'),
      readingType('RT/wh', 72, 0),
      entry(
        { self: 'UP/E/MeterReading/1/IntervalBlock/1' },
        block(0, [1]).replace('<value>1</value>', '<value>n/a</value>'),
      ),
      '</feed>',
    ].join('\n');
    await expect(read(xml)).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      line: 5,
      value: 'n/a',
      field: 'IntervalReading/value',
    });
  });
});
