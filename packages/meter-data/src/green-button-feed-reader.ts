import { Decimal } from 'decimal.js';
import type { SaxesTagNS } from 'saxes';
import { Temporal } from 'temporal-polyfill';

import type { GreenButtonEvent } from './green-button-event.js';
import {
  GreenButtonLinks,
  type EntryLinks,
  type IntervalBlockTarget,
  type UsagePointResource,
} from './green-button-links.js';
import { MeterDataError, type MeterDataProblem } from './meter-data-error.js';
import {
  parseIntervalReading,
  parseLocalTimeParameters,
  parseReadingType,
  parseServiceKind,
  type Leaves,
  type RawReading,
} from './parse-espi-resources.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const ESPI = 'http://naesb.org/espi';
const COST_UNITS_PER_CURRENCY_UNIT = 100_000;

type Position = { line: number; column: number };

type Entry = Position & {
  depth: number;
  links: EntryLinks;
  title: string | undefined;
  resourceName: string | undefined;
  leaves: Leaves;
  /** Cached link target of an IntervalBlock; `unresolved` once a lookup inside this entry failed. */
  target: IntervalBlockTarget | 'unresolved' | undefined;
  readings: RawReading[];
};

type PendingBlock = Position & { links: EntryLinks; readings: RawReading[] };

/**
 * Readings held while their ReadingType or links have not arrived. A year of 15-minute data is 35,040
 * readings per meter, so this admits about 28 such meters before the reader stops with an error rather
 * than let memory grow with the file.
 */
export const MAX_PENDING_READINGS = 1_000_000;

/**
 * The state machine behind readGreenButton. It receives namespace-resolved SAX events and queues
 * GreenButtonEvents, matching elements by namespace URI so any prefix works.
 *
 * Memory: readings stream out as soon as their IntervalBlock links to a known meter reading, usage point
 * and reading type. Feeds that put the ReadingType after the blocks, or the links after the content, make
 * the reader hold those readings as compact records until the missing resource arrives.
 */
export class GreenButtonFeedReader {
  readonly events: GreenButtonEvent[] = [];
  failure: MeterDataError | undefined;

  private readonly links = new GreenButtonLinks();
  private readonly depthNames: SaxesTagNS[] = [];
  private pendingBlocks: PendingBlock[] = [];
  private pendingReadings = 0;
  private entry: Entry | undefined;
  private contentDepth = -1;
  private resourceDepth = -1;
  private path: string[] = [];
  private reading: (Position & { leaves: Leaves }) | undefined;
  private text = '';
  private textPosition: Position = { line: 1, column: 1 };

  constructor(
    private readonly onInvalid: 'throw' | 'report',
    private readonly position: () => Position,
    private readonly maxPendingReadings = MAX_PENDING_READINGS,
  ) {}

  openTag(tag: SaxesTagNS): void {
    this.depthNames.push(tag);
    this.text = '';
    this.textPosition = this.position();
    const depth = this.depthNames.length;
    const entry = this.entry;

    if (entry === undefined) {
      if (tag.uri === ATOM && tag.local === 'entry') {
        this.entry = {
          ...this.textPosition,
          depth,
          links: { self: undefined, up: undefined, related: [] },
          title: undefined,
          resourceName: undefined,
          leaves: new Map(),
          target: undefined,
          readings: [],
        };
      }
      return;
    }
    if (depth === entry.depth + 1 && tag.uri === ATOM && tag.local === 'link') {
      this.addLink(entry, tag);
    } else if (depth === entry.depth + 1 && tag.uri === ATOM && tag.local === 'content') {
      this.contentDepth = depth;
    } else if (depth === this.contentDepth + 1 && this.contentDepth > 0 && tag.uri === ESPI) {
      this.resourceDepth = depth;
      this.path = [];
      entry.resourceName = tag.local;
    } else if (this.resourceDepth > 0 && depth > this.resourceDepth && tag.uri === ESPI) {
      this.path.push(tag.local);
      if (this.path.length === 1 && tag.local === 'IntervalReading') {
        this.reading = { ...this.textPosition, leaves: new Map() };
      }
    }
  }

  addText(text: string): void {
    this.text += text;
  }

  closeTag(tag: SaxesTagNS): void {
    const depth = this.depthNames.length;
    const entry = this.entry;
    const text = this.text.trim();
    this.depthNames.pop();
    this.text = '';
    if (entry === undefined || this.failure !== undefined) {
      return;
    }

    if (this.resourceDepth > 0 && depth > this.resourceDepth && tag.uri === ESPI) {
      this.closeResourceChild(entry, text);
      this.path.pop();
    } else if (depth === this.resourceDepth) {
      this.resourceDepth = -1;
    } else if (depth === this.contentDepth) {
      this.contentDepth = -1;
    } else if (depth === entry.depth + 1 && tag.uri === ATOM && tag.local === 'title') {
      entry.title = text === '' ? undefined : text;
    } else if (depth === entry.depth) {
      this.entry = undefined;
      this.finishEntry(entry);
    }
  }

  /** Links the blocks still waiting and reports those that never found their resources. */
  end(): void {
    this.flushPendingBlocks();
    for (const block of this.pendingBlocks) {
      this.report({
        code: 'UNLINKED_RESOURCE',
        message: `The IntervalBlock at line ${block.line} (${block.links.self ?? 'no self link'}) does not link to a MeterReading with a UsagePoint and a ReadingType, so its ${block.readings.length} reading(s) were not imported.`,
        line: block.line,
        column: block.column,
        field: 'IntervalBlock',
        value: block.links.self,
      });
    }
    this.pendingBlocks = [];
    for (const usagePoint of this.links.usagePoints) {
      this.announceUsagePoint(usagePoint);
    }
  }

  fail(error: MeterDataError): void {
    this.failure ??= error;
  }

  private addLink(entry: Entry, tag: SaxesTagNS): void {
    const rel = tag.attributes.rel?.value ?? 'alternate';
    const href = tag.attributes.href?.value;
    if (href === undefined) {
      return;
    }
    if (rel === 'self') {
      entry.links.self = href;
    } else if (rel === 'up') {
      entry.links.up = href;
    } else if (rel === 'related') {
      entry.links.related.push(href);
    }
  }

  private closeResourceChild(entry: Entry, text: string): void {
    const reading = this.reading;
    if (reading === undefined) {
      addLeaf(entry.leaves, this.path.join('/'), { text, ...this.textPosition });
      return;
    }
    if (this.path.length > 1) {
      addLeaf(reading.leaves, this.path.slice(1).join('/'), { text, ...this.textPosition });
      return;
    }
    this.reading = undefined;
    const parsed = parseIntervalReading(reading.leaves, reading);
    if (parsed.kind === 'invalid') {
      this.report(parsed.problem);
    } else if (entry.resourceName === 'IntervalBlock') {
      this.acceptReading(entry, parsed.value);
    }
  }

  private acceptReading(entry: Entry, reading: RawReading): void {
    if (entry.target === undefined) {
      entry.target = this.links.resolveIntervalBlock(entry.links) ?? 'unresolved';
    }
    if (entry.target === 'unresolved') {
      entry.readings.push(reading);
    } else {
      this.emitReading(entry.target, reading);
    }
  }

  private finishEntry(entry: Entry): void {
    const self = entry.links.self ?? `entry at line ${entry.line}`;
    switch (entry.resourceName ?? '') {
      case 'UsagePoint':
        this.finishUsagePoint(entry, self);
        break;
      case 'LocalTimeParameters':
        this.finishLocalTime(entry, self);
        break;
      case 'MeterReading':
        this.links.meterReadings.push({ ...entry.links, self, title: entry.title, announced: false });
        this.flushPendingBlocks();
        break;
      case 'ReadingType': {
        const parsed = parseReadingType(entry.leaves, self);
        if (parsed.kind === 'invalid') {
          this.report(parsed.problem);
          break;
        }
        this.links.readingTypes.set(self, parsed.value);
        this.events.push(parsed.value);
        this.flushPendingBlocks();
        break;
      }
      case 'IntervalBlock':
        if (entry.readings.length > 0) {
          this.pendingBlocks.push({
            line: entry.line,
            column: entry.column,
            links: entry.links,
            readings: entry.readings,
          });
          this.pendingReadings += entry.readings.length;
          this.flushPendingBlocks();
          if (this.pendingReadings > this.maxPendingReadings) {
            this.fail(
              new MeterDataError({
                code: 'TOO_MANY_UNLINKED_READINGS',
                message: `More than ${this.maxPendingReadings} readings arrived before the ReadingType or links they need (the IntervalBlock at line ${entry.line} is one); the reader stops rather than hold them all in memory. Put the UsagePoint, MeterReading and ReadingType entries before the IntervalBlocks, or split the feed by usage point.`,
                line: entry.line,
                column: entry.column,
                field: 'IntervalBlock',
                value: entry.links.self,
              }),
            );
          }
        }
        break;
      default:
        // Summaries, customer data and unknown resources carry no interval data and are skipped.
        break;
    }
  }

  private finishUsagePoint(entry: Entry, self: string): void {
    const parsed = parseServiceKind(entry.leaves);
    if (parsed.kind === 'invalid') {
      this.report(parsed.problem);
    }
    const serviceKind = parsed.kind === 'parsed' ? parsed.value : 'unknown';
    const localTime = this.links.findLocalTime(entry.links);
    this.links.usagePoints.push({
      ...entry.links,
      self,
      serviceKind,
      title: entry.title,
      localTime,
      announced: false,
    });
    this.flushPendingBlocks();
  }

  private finishLocalTime(entry: Entry, self: string): void {
    const parsed = parseLocalTimeParameters(entry.leaves, entry);
    if (parsed.kind === 'invalid') {
      this.report(parsed.problem);
      return;
    }
    this.links.localTimes.set(self, parsed.value);
    // A usage point already announced without its LocalTimeParameters gets them in a separate event.
    for (const usagePoint of this.links.usagePoints) {
      if (usagePoint.localTime === undefined && usagePoint.related.includes(self)) {
        usagePoint.localTime = parsed.value;
        if (usagePoint.announced) {
          this.events.push({ kind: 'localTime', usagePointId: usagePoint.self, localTime: parsed.value });
        }
      }
    }
  }

  private flushPendingBlocks(): void {
    if (this.pendingBlocks.length === 0) {
      return;
    }
    const waiting: PendingBlock[] = [];
    for (const block of this.pendingBlocks) {
      const target = this.links.resolveIntervalBlock(block.links);
      if (target === undefined) {
        waiting.push(block);
        continue;
      }
      for (const reading of block.readings) {
        this.emitReading(target, reading);
      }
    }
    this.pendingBlocks = waiting;
    this.pendingReadings = waiting.reduce((total, block) => total + block.readings.length, 0);
  }

  private emitReading(target: IntervalBlockTarget, reading: RawReading): void {
    const { usagePoint, meterReading, readingType } = target;
    this.announceUsagePoint(usagePoint);
    if (!meterReading.announced) {
      meterReading.announced = true;
      this.events.push({
        kind: 'meterReading',
        meterReadingId: meterReading.self,
        usagePointId: usagePoint.self,
        readingTypeId: readingType.readingTypeId,
        title: meterReading.title,
      });
    }
    this.events.push({
      kind: 'interval',
      usagePointId: usagePoint.self,
      meterReadingId: meterReading.self,
      start: Temporal.Instant.fromEpochNanoseconds(reading.startEpochSeconds * 1_000_000_000n),
      durationSeconds: reading.durationSeconds,
      value: new Decimal(reading.value),
      unit: readingType.unit,
      powerOfTenMultiplier: readingType.powerOfTenMultiplier,
      cost:
        reading.cost === undefined ? undefined : new Decimal(reading.cost).div(COST_UNITS_PER_CURRENCY_UNIT),
      currency: readingType.currency,
      quality: reading.quality,
      line: reading.line,
    });
  }

  /**
   * Emits a usage point just before its first reading, or at the end of the feed, so that LocalTimeParameters
   * placed after the UsagePoint entry (as in every sample feed) still arrive inside the usagePoint event.
   */
  private announceUsagePoint(usagePoint: UsagePointResource): void {
    if (usagePoint.announced) {
      return;
    }
    usagePoint.announced = true;
    this.events.push({
      kind: 'usagePoint',
      usagePointId: usagePoint.self,
      href: usagePoint.self,
      serviceKind: usagePoint.serviceKind,
      title: usagePoint.title,
      localTime: usagePoint.localTime,
    });
  }

  private report(problem: MeterDataProblem): void {
    if (this.onInvalid === 'throw') {
      this.fail(new MeterDataError(problem));
    } else {
      this.events.push({ kind: 'invalid', ...problem });
    }
  }
}

function addLeaf(leaves: Leaves, path: string, leaf: { text: string; line: number; column: number }): void {
  const existing = leaves.get(path);
  if (existing === undefined) {
    leaves.set(path, [leaf]);
  } else {
    existing.push(leaf);
  }
}
