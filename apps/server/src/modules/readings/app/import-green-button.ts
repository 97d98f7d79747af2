import {
  readGreenButton,
  type GreenButtonInterval,
  type GreenButtonMeterReading,
  type GreenButtonUsagePoint,
} from '@open-cis/meter-data';
import type { IntervalQuality } from '../db/write-interval-readings.js';
import type { IntervalChannelResolver } from './interval-channel-resolver.js';
import { isUnitOfService } from '../domain/service-channel-units.js';
import { ImportAborted, type IntervalImportSession } from './interval-import-session.js';
import { normalizeIntervalQuantity } from './normalize-interval-quantity.js';
import { toStoredIntervalValue } from './interval-row-value.js';
import {
  unitOfOtherServiceProblem,
  unresolvedSourceProblem,
  type ImportSource,
} from './unresolved-source-problem.js';

/**
 * Streams a Green Button feed into the session: each MeterReading of a usage point becomes a channel of the
 * usage point's service point, and each IntervalReading a row of that channel, converted to kWh (or the
 * channel unit of its quantity). Bad values come back from the reader as `invalid` events and are rejected.
 */
export async function importGreenButton(
  source: AsyncIterable<string | Buffer>,
  resolver: IntervalChannelResolver,
  session: IntervalImportSession,
): Promise<void> {
  const usagePoints = new Map<string, GreenButtonUsagePoint>();
  const meterReadings = new Map<string, GreenButtonMeterReading>();
  const unmapped = new Set<string>();

  for await (const event of readGreenButton(source, { onInvalid: 'report' })) {
    switch (event.kind) {
      case 'usagePoint':
        usagePoints.set(event.usagePointId, event);
        break;
      case 'meterReading':
        meterReadings.set(event.meterReadingId, event);
        break;
      case 'localTime':
      case 'readingType':
        break;
      case 'invalid':
        session.reject({
          ...event,
          column: event.column ?? null,
          field: event.field ?? null,
          value: event.value ?? null,
        });
        break;
      case 'interval':
        await importInterval(event, { usagePoints, meterReadings, unmapped }, resolver, session);
        break;
    }
  }
}

type FeedState = {
  usagePoints: Map<string, GreenButtonUsagePoint>;
  meterReadings: Map<string, GreenButtonMeterReading>;
  unmapped: Set<string>;
};

async function importInterval(
  interval: GreenButtonInterval,
  state: FeedState,
  resolver: IntervalChannelResolver,
  session: IntervalImportSession,
): Promise<void> {
  const usagePoint = state.usagePoints.get(interval.usagePointId);
  const keys = [interval.usagePointId, lastSegment(interval.usagePointId), usagePoint?.title].filter(
    (key): key is string => key !== undefined && key !== '',
  );
  const source: ImportSource = {
    line: interval.line,
    field: 'UsagePoint',
    value: interval.usagePointId,
    label: `usage point ${interval.usagePointId}${usagePoint?.title ? ` ("${usagePoint.title}")` : ''}`,
    mappingKey: lastSegment(interval.usagePointId),
  };
  const lookup = await resolver.servicePointFor(keys, usagePoint?.title);
  if (lookup.kind !== 'found') {
    session.reject(unresolvedSourceProblem(lookup, source, resolver.optionSyntax));
    return;
  }
  const { servicePoint } = lookup;

  const quantity = normalizeIntervalQuantity(interval.value, interval.unit, interval.powerOfTenMultiplier);
  const stored = quantity && toStoredIntervalValue(quantity.value);
  if (!quantity || stored === undefined) {
    session.reject({
      code: quantity ? 'INVALID_VALUE' : 'INVALID_UNIT',
      message: quantity
        ? `Line ${interval.line}: value ${interval.value.toString()} × 10^${interval.powerOfTenMultiplier} ${interval.unit} has more than 6 decimals or 14 digits in ${quantity.unit}.`
        : `Line ${interval.line}: unit "${interval.unit}" cannot be stored in an interval channel.`,
      line: interval.line,
      column: null,
      field: quantity ? 'value' : 'ReadingType.uom',
      value: quantity ? interval.value.toString() : interval.unit,
    });
    return;
  }

  // A whole feed on the wrong service point is a mapping mistake, not a bad row, so it is never skipped.
  if (!isUnitOfService(quantity.unit, servicePoint.service))
    throw new ImportAborted(unitOfOtherServiceProblem(source, interval.unit, servicePoint));

  const meterReading = state.meterReadings.get(interval.meterReadingId);
  const channel = await resolver.channelFor(servicePoint.id, interval.meterReadingId, {
    name: meterReading?.title ?? `Green Button ${shortPath(interval.meterReadingId)}`,
    unit: quantity.unit,
    intervalSeconds: interval.durationSeconds,
  });
  if (channel.unit !== quantity.unit) {
    session.reject({
      code: 'UNIT_MISMATCH',
      message: `Line ${interval.line}: a reading in ${quantity.unit} cannot go to channel "${channel.name}", which holds ${channel.unit}.`,
      line: interval.line,
      column: null,
      field: 'ReadingType.uom',
      value: interval.unit,
    });
    return;
  }
  await session.add({
    channelId: channel.id,
    startAt: interval.start.toString(),
    durationSeconds: interval.durationSeconds,
    value: stored,
    quality: greenButtonQuality(interval.quality),
    line: interval.line,
  });
}

/**
 * ESPI ReadingQuality codes: 8 and 9 are estimates (reference day, linear interpolation), 12 is a
 * projection, and 10 marks a questionable value; every other code, or none, is a valid reading.
 */
function greenButtonQuality(codes: readonly number[]): IntervalQuality {
  if (codes.includes(10)) return 'suspect';
  if (codes.some((code) => code === 8 || code === 9 || code === 12)) return 'estimated';
  return 'valid';
}

function lastSegment(href: string): string {
  return href.split('/').filter(Boolean).at(-1) ?? href;
}

function shortPath(href: string): string {
  const index = href.indexOf('UsagePoint/');
  return index >= 0 ? href.slice(index) : href;
}
