import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import {
  findServicePoint,
  findServicePointByMarketId,
  listInstallationsOfMeter,
  type MeterInstallationRef,
} from '../db/find-service-point.js';
import {
  findChannelByExternalId,
  insertChannel,
  listChannelsOfServicePoint,
  type IntervalChannel,
} from '../db/interval-channels.js';
import type { ChannelUnit } from './normalize-interval-quantity.js';

/**
 * How the sources of a file map to service points: one service point for the whole file, or source keys
 * (a Green Button usage point id, its last path segment or its title; a meter serial in an interval CSV)
 * mapped to service point market ids. Sources not mapped are looked up by market id = usage point title,
 * or, in an interval CSV, by where the meter was installed on the reading's local day.
 */
export type IntervalSourceMapping = {
  servicePointId?: string;
  marketIds?: Readonly<Record<string, string>>;
};

export type ResolvedChannel = IntervalChannel & { created: boolean };

/** Finds or creates channels for an import, caching every answer for the rest of the file. */
export class IntervalChannelResolver {
  private readonly servicePoints = new Map<string, string | undefined>();
  private readonly installations = new Map<string, MeterInstallationRef[]>();
  private readonly channels = new Map<string, ResolvedChannel>();

  constructor(
    private readonly trx: Trx,
    private readonly context: RequestContext,
    private readonly mapping: IntervalSourceMapping,
  ) {}

  /** The channels this import found or created, in the order they were first used. */
  get resolvedChannels(): ResolvedChannel[] {
    return [...this.channels.values()];
  }

  /**
   * Resolves the service point of a source known by several keys: the first key the mapping names wins,
   * else the service point whose market id is `fallbackMarketId`.
   */
  async servicePointFor(keys: readonly string[], fallbackMarketId?: string): Promise<string | undefined> {
    const cacheKey = keys.join('\u0000');
    if (this.servicePoints.has(cacheKey)) return this.servicePoints.get(cacheKey);
    const servicePointId = await this.lookUpServicePoint(keys, fallbackMarketId);
    this.servicePoints.set(cacheKey, servicePointId);
    return servicePointId;
  }

  /** The service point where the meter was installed on `localDay`, unless the mapping names one. */
  async servicePointOfMeter(meterSerial: string, localDay: string): Promise<string | undefined> {
    if (this.mapping.servicePointId !== undefined || this.mapping.marketIds?.[meterSerial] !== undefined) {
      return this.servicePointFor([meterSerial]);
    }
    let installations = this.installations.get(meterSerial);
    if (!installations) {
      installations = await listInstallationsOfMeter(this.trx, this.context.companyId, meterSerial);
      this.installations.set(meterSerial, installations);
    }
    const installation = installations.find(
      (candidate) =>
        candidate.installedOn <= localDay && (candidate.removedOn === null || localDay < candidate.removedOn),
    );
    return installation?.servicePointId;
  }

  /** Finds the channel with this external id at the service point, or creates it. */
  async channelFor(
    servicePointId: string,
    externalId: string,
    template: { name: string; unit: ChannelUnit; intervalSeconds: number },
  ): Promise<ResolvedChannel> {
    const cacheKey = `${servicePointId}|${externalId}`;
    const cached = this.channels.get(cacheKey);
    if (cached) return cached;
    const existing = await findChannelByExternalId(
      this.trx,
      this.context.companyId,
      servicePointId,
      externalId,
    );
    const channel = existing
      ? { ...existing, created: false }
      : await this.createChannel(servicePointId, externalId, template);
    this.channels.set(cacheKey, channel);
    return channel;
  }

  private async lookUpServicePoint(
    keys: readonly string[],
    fallbackMarketId: string | undefined,
  ): Promise<string | undefined> {
    const companyId = this.context.companyId;
    if (this.mapping.servicePointId !== undefined) {
      return (await findServicePoint(this.trx, companyId, this.mapping.servicePointId))?.id;
    }
    const mappedKey = keys.find((key) => this.mapping.marketIds?.[key] !== undefined);
    const marketId = mappedKey === undefined ? fallbackMarketId : this.mapping.marketIds?.[mappedKey];
    if (marketId === undefined) return undefined;
    return (await findServicePointByMarketId(this.trx, companyId, marketId))?.id;
  }

  private async createChannel(
    servicePointId: string,
    externalId: string,
    template: { name: string; unit: ChannelUnit; intervalSeconds: number },
  ): Promise<ResolvedChannel> {
    const taken = new Set(
      (await listChannelsOfServicePoint(this.trx, this.context.companyId, servicePointId)).map(
        (channel) => channel.name,
      ),
    );
    let name = template.name;
    for (let suffix = 2; taken.has(name); suffix++) name = `${template.name} (${suffix})`;
    const channel = await insertChannel(this.trx, this.context.companyId, {
      servicePointId,
      name,
      unit: template.unit,
      intervalSeconds: template.intervalSeconds,
      externalId,
    });
    await recordAudit(this.trx, this.context, [
      {
        entityType: 'interval-channel',
        entityId: channel.id,
        action: 'create',
        changes: createdFields({ ...channel }),
      },
    ]);
    return { ...channel, created: true };
  }
}
