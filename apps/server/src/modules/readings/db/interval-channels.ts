import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { ChannelUnit } from '../app/normalize-interval-quantity.js';

export type IntervalChannel = {
  id: string;
  servicePointId: string;
  name: string;
  unit: ChannelUnit;
  intervalSeconds: number | null;
  externalId: string | null;
};

const channelColumns = [
  'id',
  'service_point_id as servicePointId',
  'name',
  'unit',
  'interval_seconds as intervalSeconds',
  'external_id as externalId',
] as const;

export async function findChannelByExternalId(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
  externalId: string,
): Promise<IntervalChannel | undefined> {
  return db
    .selectFrom('readings.interval_channel')
    .select(channelColumns)
    .where('company_id', '=', companyId)
    .where('service_point_id', '=', servicePointId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function listChannelsOfServicePoint(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
): Promise<IntervalChannel[]> {
  return db
    .selectFrom('readings.interval_channel')
    .select(channelColumns)
    .where('company_id', '=', companyId)
    .where('service_point_id', '=', servicePointId)
    .orderBy('name')
    .execute();
}

export async function insertChannel(
  trx: Trx,
  companyId: string,
  channel: Omit<IntervalChannel, 'id'>,
): Promise<IntervalChannel> {
  return trx
    .insertInto('readings.interval_channel')
    .values({
      company_id: companyId,
      service_point_id: channel.servicePointId,
      name: channel.name,
      unit: channel.unit,
      interval_seconds: channel.intervalSeconds,
      external_id: channel.externalId,
    })
    .returning(channelColumns)
    .executeTakeFirstOrThrow();
}
