import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import {
  findServicePoint,
  findServicePointByMarketId,
  listInstallationsOfMeter,
  type MeterInstallationRef,
  type ServicePointRef,
} from '../db/find-service-point.js';
import {
  findChannelByExternalId,
  insertChannel,
  listChannelsOfServicePoint,
  type IntervalChannel,
} from '../db/interval-channels.js';
import type { MappingOptionSyntax } from './mapping-option-names.js';
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
  /** Spelling of these options in messages: API body fields (default) or `cis readings import` flags. */
  optionSyntax?: MappingOptionSyntax;
};

/** The service point of a source, or why none was found. */
export type ServicePointLookup =
  | { kind: 'found'; servicePoint: ServicePointRef }
  | { kind: 'service-point-not-found'; servicePointId: string }
  | { kind: 'market-id-not-found'; marketId: string; mappedKey: string }
  | { kind: 'unmapped'; fallbackMarketId: string | undefined }
  | { kind: 'meter-not-installed'; localDay: string };

export type ResolvedChannel = IntervalChannel & { created: boolean };

/** Finds or creates channels for an import, caching each result for the rest of the file. */
export class IntervalChannelResolver {
  private readonly lookups = new Map<string, ServicePointLookup>();
  private readonly servicePointsById = new Map<string, ServicePointRef | undefined>();
  private readonly installations = new Map<string, MeterInstallationRef[]>();
  private readonly channels = new Map<string, ResolvedChannel>();

  constructor(
    private readonly trx: Trx,
    private readonly context: RequestContext,
    private readonly mapping: IntervalSourceMapping,
  ) {}

  get optionSyntax(): MappingOptionSyntax {
    return this.mapping.optionSyntax ?? 'api';
  }

  /** The channels this import found or created, in the order they were first used. */
  get resolvedChannels(): ResolvedChannel[] {
    return [...this.channels.values()];
  }

  /**
   * Resolves the service point of a source known by several keys: the first key the mapping names wins,
   * else the service point whose market id is `fallbackMarketId`.
   */
  async servicePointFor(keys: readonly string[], fallbackMarketId?: string): Promise<ServicePointLookup> {
    const cacheKey = keys.join('\u0000');
    const cached = this.lookups.get(cacheKey);
    if (cached) return cached;
    const lookup = await this.lookUpServicePoint(keys, fallbackMarketId);
    this.lookups.set(cacheKey, lookup);
    return lookup;
  }

  /** The service point where the meter was installed on `localDay`, unless the mapping names one. */
  async servicePointOfMeter(meterSerial: string, localDay: string): Promise<ServicePointLookup> {
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
    const servicePoint = installation && (await this.servicePointById(installation.servicePointId));
    return servicePoint ? { kind: 'found', servicePoint } : { kind: 'meter-not-installed', localDay };
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
  ): Promise<ServicePointLookup> {
    const { servicePointId, marketIds } = this.mapping;
    if (servicePointId !== undefined) {
      const servicePoint = await this.servicePointById(servicePointId);
      return servicePoint
        ? { kind: 'found', servicePoint }
        : { kind: 'service-point-not-found', servicePointId };
    }
    const mappedKey = keys.find((key) => marketIds?.[key] !== undefined);
    const marketId = mappedKey === undefined ? fallbackMarketId : marketIds?.[mappedKey];
    const servicePoint =
      marketId === undefined
        ? undefined
        : await findServicePointByMarketId(this.trx, this.context.companyId, marketId);
    if (servicePoint) return { kind: 'found', servicePoint };
    if (mappedKey !== undefined && marketId !== undefined)
      return { kind: 'market-id-not-found', marketId, mappedKey };
    return { kind: 'unmapped', fallbackMarketId };
  }

  private async servicePointById(servicePointId: string): Promise<ServicePointRef | undefined> {
    if (!this.servicePointsById.has(servicePointId)) {
      const servicePoint = await findServicePoint(this.trx, this.context.companyId, servicePointId);
      this.servicePointsById.set(servicePointId, servicePoint);
    }
    return this.servicePointsById.get(servicePointId);
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
