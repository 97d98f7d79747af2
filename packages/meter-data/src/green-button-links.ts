import type { LocalTimeParameters } from './create-local-clock.js';
import type { GreenButtonReadingType, ServiceKind } from './green-button-event.js';

/** The Atom links of one entry; `self` is the resource id. */
export type EntryLinks = { self: string | undefined; up: string | undefined; related: string[] };

export type UsagePointResource = EntryLinks & {
  self: string;
  serviceKind: ServiceKind;
  title: string | undefined;
  localTime: LocalTimeParameters | undefined;
  announced: boolean;
};

export type MeterReadingResource = EntryLinks & {
  self: string;
  title: string | undefined;
  announced: boolean;
};

export type IntervalBlockTarget = {
  usagePoint: UsagePointResource;
  meterReading: MeterReadingResource;
  readingType: GreenButtonReadingType;
};

/**
 * The small resources of a feed (usage points, meter readings, reading types, local time parameters),
 * kept so that interval blocks can be tied to them.
 *
 * Feeds link resources in different ways, and some of the sample feeds misspell one side of a link, so a
 * child finds its parent by any of these, tried in order: the parent's `self` equals the child's `up`
 * collection minus its last segment; the parent lists the child's `up` collection as `related`; the parent
 * lists the child's `self` as `related`; the parent's `self` equals the child's `self` minus two segments.
 * All comparisons are exact string matches on the hrefs as written.
 */
export class GreenButtonLinks {
  readonly usagePoints: UsagePointResource[] = [];
  readonly meterReadings: MeterReadingResource[] = [];
  readonly readingTypes = new Map<string, GreenButtonReadingType>();
  readonly localTimes = new Map<string, LocalTimeParameters>();

  findLocalTime(usagePoint: EntryLinks): LocalTimeParameters | undefined {
    for (const href of usagePoint.related) {
      const parameters = this.localTimes.get(href);
      if (parameters !== undefined) {
        return parameters;
      }
    }
    return undefined;
  }

  /** Returns the usage point, meter reading and reading type of an interval block once all three are known. */
  resolveIntervalBlock(block: EntryLinks): IntervalBlockTarget | undefined {
    const meterReading = this.meterReadings.find((candidate) => isParentOf(candidate, block));
    if (meterReading === undefined) {
      return undefined;
    }
    const usagePoint = this.usagePoints.find((candidate) => isParentOf(candidate, meterReading));
    const readingTypeId = meterReading.related.find((href) => this.readingTypes.has(href));
    const readingType = readingTypeId === undefined ? undefined : this.readingTypes.get(readingTypeId);
    if (usagePoint === undefined || readingType === undefined) {
      return undefined;
    }
    return { usagePoint, meterReading, readingType };
  }
}

function isParentOf(parent: EntryLinks & { self: string }, child: EntryLinks): boolean {
  if (child.up !== undefined && (parentHref(child.up) === parent.self || parent.related.includes(child.up))) {
    return true;
  }
  if (child.self !== undefined) {
    return parent.related.includes(child.self) || parentHref(parentHref(child.self)) === parent.self;
  }
  return false;
}

function parentHref(href: string): string {
  const trimmed = href.endsWith('/') ? href.slice(0, -1) : href;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash);
}
