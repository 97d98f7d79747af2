import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { MeterDataError } from '@open-cis/meter-data';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { getCompany } from '../../companies/index.js';
import { importGreenButton } from './import-green-button.js';
import { importIntervalCsv } from './import-interval-csv.js';
import { IntervalChannelResolver, type IntervalSourceMapping } from './interval-channel-resolver.js';
import {
  defaultBatchSize,
  ImportAborted,
  IntervalImportSession,
  type ImportCounts,
  type ImportProblem,
  type OnDuplicate,
  type OnImportError,
} from './interval-import-session.js';

export type IntervalImportFormat = 'greenbutton' | 'interval-csv';

export type ImportIntervalDataInput = {
  /** The file's bytes or text, read once from start to end (a file stream, an upload, a string array). */
  source: AsyncIterable<string | Buffer>;
  format: IntervalImportFormat;
  mapping?: IntervalSourceMapping;
  /** `skip` reports each bad row and writes the rest; `abort` writes nothing when any row is bad. */
  onError?: OnImportError;
  /** `upsert` replaces stored readings of the same channel and start; `report` keeps them and reports the row. */
  onDuplicate?: OnDuplicate;
  /** Rows per INSERT statement. */
  batchSize?: number;
};

export type ImportedChannel = {
  channelId: string;
  servicePointId: string;
  name: string;
  unit: string;
  created: boolean;
  readingsWritten: number;
};

export type ImportIntervalDataResult = ImportCounts & {
  /** Id of this import in the audit trail and in the `interval-data.imported` event. */
  importId: string;
  /** `rolled-back` when the import stopped at a bad row (onError 'abort') or an unreadable file: nothing was written. */
  status: 'committed' | 'rolled-back';
  channels: ImportedChannel[];
  /** The bad rows, in file order; at most 1,000 are listed, `problemCount` counts them all. */
  problems: ImportProblem[];
  problemCount: number;
};

/**
 * Imports interval data from a Green Button feed or an interval CSV in one transaction, streaming the
 * file and writing multi-row batches, so a year of 15-minute data for thousands of meters never sits in
 * memory. Bad rows are reported with their line and value, and skipped or the whole import is rolled back,
 * as the caller chose. A file the reader cannot parse on (malformed XML or CSV quoting) is always rolled back.
 */
export async function importIntervalData(
  db: Db,
  context: RequestContext,
  input: ImportIntervalDataInput,
): Promise<ImportIntervalDataResult> {
  assertPermission(context, 'readings:write');
  const company = await getCompany(db, context.companyId);
  const options = {
    onError: input.onError ?? 'abort',
    onDuplicate: input.onDuplicate ?? 'upsert',
    batchSize: input.batchSize ?? defaultBatchSize,
  };
  const importId = newId();
  try {
    return await db.transaction().execute(async (trx) => {
      const session = new IntervalImportSession(trx, context.companyId, options);
      const resolver = new IntervalChannelResolver(trx, context, input.mapping ?? {});
      if (input.format === 'greenbutton') await importGreenButton(input.source, resolver, session);
      else await importIntervalCsv(input.source, company.timeZone, resolver, session);
      await session.flush();

      const result = summarize(importId, session, resolver);
      await recordAudit(trx, context, [
        {
          entityType: 'interval-import',
          entityId: importId,
          action: 'create',
          changes: { format: [null, input.format], ...countChanges(result) },
        },
      ]);
      await enqueueEvents(trx, context, [
        {
          aggregateType: 'interval-import',
          aggregateId: importId,
          eventType: 'interval-data.imported',
          payload: {
            importId,
            format: input.format,
            channelIds: result.channels.map((channel) => channel.channelId),
            ...countValues(result),
          },
        },
      ]);
      return result;
    });
  } catch (error) {
    if (error instanceof ImportAborted) return rolledBack(importId, error.problem);
    if (error instanceof MeterDataError)
      return rolledBack(importId, {
        ...error.toProblem(),
        column: error.column ?? null,
        field: error.field ?? null,
        value: error.value ?? null,
      });
    throw error;
  }
}

function summarize(
  importId: string,
  session: IntervalImportSession,
  resolver: IntervalChannelResolver,
): ImportIntervalDataResult {
  const channels = resolver.resolvedChannels.map((channel) => ({
    channelId: channel.id,
    servicePointId: channel.servicePointId,
    name: channel.name,
    unit: channel.unit,
    created: channel.created,
    readingsWritten: session.readingsByChannel.get(channel.id) ?? 0,
  }));
  return {
    importId,
    status: 'committed',
    ...session.counts,
    channels,
    problems: session.problems,
    problemCount: session.counts.rowsRejected + session.counts.duplicates,
  };
}

function countValues(result: ImportCounts): ImportCounts {
  const { readingsInserted, readingsUpdated, duplicates, rowsRejected } = result;
  return { readingsInserted, readingsUpdated, duplicates, rowsRejected };
}

function countChanges(result: ImportCounts): Record<string, [null, number]> {
  return Object.fromEntries(
    Object.entries(countValues(result)).map(([name, count]) => [name, [null, count]]),
  );
}

function rolledBack(importId: string, problem: ImportProblem): ImportIntervalDataResult {
  return {
    importId,
    status: 'rolled-back',
    readingsInserted: 0,
    readingsUpdated: 0,
    duplicates: 0,
    rowsRejected: 1,
    channels: [],
    problems: [problem],
    problemCount: 1,
  };
}
