import { readIntervalCsv, type IntervalCsvReading } from '@open-cis/meter-data';
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

const qualities: Readonly<Record<IntervalCsvReading['quality'], IntervalQuality>> = {
  actual: 'valid',
  estimated: 'estimated',
  substituted: 'estimated',
  suspect: 'suspect',
};

/**
 * Streams the generic interval CSV into the session. Each meter serial and channel column pair becomes a
 * channel of the service point the meter was installed at on the reading's local day (in `timeZone`),
 * unless the mapping names the service point.
 */
export async function importIntervalCsv(
  source: AsyncIterable<string | Buffer>,
  timeZone: string,
  resolver: IntervalChannelResolver,
  session: IntervalImportSession,
): Promise<void> {
  for await (const event of readIntervalCsv(source, { onInvalid: 'report' })) {
    if (event.kind === 'invalid') {
      session.reject({
        ...event,
        column: event.column ?? null,
        field: event.field ?? null,
        value: event.value ?? null,
      });
      continue;
    }
    await importRow(event, timeZone, resolver, session);
  }
}

async function importRow(
  row: IntervalCsvReading,
  timeZone: string,
  resolver: IntervalChannelResolver,
  session: IntervalImportSession,
): Promise<void> {
  const localDay = row.start.toZonedDateTimeISO(timeZone).toPlainDate().toString();
  const source: ImportSource = {
    line: row.line,
    field: 'meter_serial',
    value: row.meterSerial,
    label: `meter ${row.meterSerial}`,
    mappingKey: row.meterSerial,
  };
  const lookup = await resolver.servicePointOfMeter(row.meterSerial, localDay);
  if (lookup.kind !== 'found') {
    session.reject(unresolvedSourceProblem(lookup, source, resolver.optionSyntax));
    return;
  }
  const { servicePoint } = lookup;
  const quantity = normalizeIntervalQuantity(row.value, row.unit);
  const stored = quantity && toStoredIntervalValue(quantity.value);
  if (!quantity || stored === undefined) {
    session.reject({
      code: 'INVALID_VALUE',
      message: `Line ${row.line}: value ${row.value.toString()} ${row.unit} has more than 6 decimals or 14 digits once stored${quantity ? ` in ${quantity.unit}` : ''}.`,
      line: row.line,
      column: null,
      field: 'value',
      value: row.value.toString(),
    });
    return;
  }
  // A meter of another service on this service point is a mapping mistake, so the import is never kept.
  if (!isUnitOfService(quantity.unit, servicePoint.service))
    throw new ImportAborted(unitOfOtherServiceProblem(source, row.unit, servicePoint));

  const channel = await resolver.channelFor(servicePoint.id, `csv:${row.meterSerial}/${row.channel}`, {
    name: `${row.meterSerial}/${row.channel}`,
    unit: quantity.unit,
    intervalSeconds: row.durationSeconds,
  });
  if (channel.unit !== quantity.unit) {
    session.reject({
      code: 'UNIT_MISMATCH',
      message: `Line ${row.line}: a reading in ${row.unit} cannot go to channel "${channel.name}", which holds ${channel.unit}.`,
      line: row.line,
      column: null,
      field: 'unit',
      value: row.unit,
    });
    return;
  }
  await session.add({
    channelId: channel.id,
    startAt: row.start.toString(),
    durationSeconds: row.durationSeconds,
    value: stored,
    quality: qualities[row.quality],
    line: row.line,
  });
}
