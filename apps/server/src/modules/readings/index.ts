export {
  importIntervalData,
  type ImportedChannel,
  type ImportIntervalDataInput,
  type ImportIntervalDataResult,
  type IntervalImportFormat,
} from './app/import-interval-data.js';
export type { IntervalSourceMapping } from './app/interval-channel-resolver.js';
export type { ImportProblem, OnDuplicate, OnImportError } from './app/interval-import-session.js';
export {
  recordRegisterRead,
  type RecordRegisterReadInput,
  type RecordRegisterReadResult,
} from './app/record-register-read.js';
export { listChannelsOfServicePoint, type IntervalChannel } from './db/interval-channels.js';
export { listIntervalBuckets, type BucketSize, type IntervalBucket } from './db/list-interval-buckets.js';
export {
  listRegisterReads,
  maxReadPageSize,
  type ListRegisterReadsFilter,
} from './db/list-register-reads.js';
export {
  listRegisterReadsForBilling,
  type BillingInstallation,
  type BillingRead,
  type BillingRegister,
  type ServicePointReads,
  type SuspectRead,
} from './db/list-register-reads-for-billing.js';
export type { RegisterRead, RegisterReadSource, RegisterReadStatus } from './db/register-read-row.js';
export { sumIntervalData, type ChannelTotal } from './db/sum-interval-data.js';
export { readingRoutes } from './http/reading-routes.js';
export { readPeriodRoutes } from './http/read-period-routes.js';
export {
  importRegisterReads,
  type ImportRegisterReadsInput,
  type ImportRegisterReadsResult,
} from './app/import-register-reads.js';
export {
  computeRegisterConsumption,
  dialCapacity,
  type MeterSpan,
  type RegisterConsumption,
  type RegisterSpec,
  type SpanConsumption,
} from './domain/compute-register-consumption.js';
export {
  estimateRead,
  type EstimatedRead,
  type EstimationBasis,
  type EstimationFallback,
  type ReadHistoryPeriod,
} from './domain/estimate-read.js';
export { computeTrueUp, type TrueUp } from './domain/compute-true-up.js';
export { apportionByDays } from './domain/apportion-by-days.js';
export { setEstimationProfile, setEstimationProfileInput } from './app/set-estimation-profile.js';
export { listEstimationProfiles, type EstimationProfile } from './db/list-estimation-profiles.js';
export { estimationProfileRoutes } from './http/estimation-profile-routes.js';
