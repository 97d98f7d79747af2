import type { Decimal } from 'decimal.js';
import type { Temporal } from 'temporal-polyfill';

import type { LocalTimeParameters } from './create-local-clock.js';
import type { MeterDataProblem } from './meter-data-error.js';

/** ESPI ServiceCategory kinds 0–9, or `unknown` when the feed leaves the kind empty. */
export type ServiceKind =
  | 'electricity'
  | 'gas'
  | 'water'
  | 'time'
  | 'heat'
  | 'refuse'
  | 'sewerage'
  | 'rates'
  | 'tvLicence'
  | 'internet'
  | 'unknown';

/**
 * One event from readGreenButton. Resource ids are the `self` link hrefs as the feed writes them.
 * A `localTime` event follows when a LocalTimeParameters entry arrives after its usage point was emitted.
 */
export type GreenButtonEvent =
  | GreenButtonUsagePoint
  | GreenButtonLocalTime
  | GreenButtonReadingType
  | GreenButtonMeterReading
  | GreenButtonInterval
  | GreenButtonInvalid;

export type GreenButtonUsagePoint = {
  kind: 'usagePoint';
  usagePointId: string;
  href: string;
  serviceKind: ServiceKind;
  title: string | undefined;
  localTime: LocalTimeParameters | undefined;
};

export type GreenButtonLocalTime = {
  kind: 'localTime';
  usagePointId: string;
  localTime: LocalTimeParameters;
};

export type GreenButtonReadingType = {
  kind: 'readingType';
  readingTypeId: string;
  /** ESPI unit-of-measure code (72 Wh, 169 therm, 128 US gal …); undefined when the feed omits it. */
  uom: number | undefined;
  /** Unit name for `uom`, such as `Wh` or `therm`; `uom <code>` for codes this reader does not name. */
  unit: string;
  powerOfTenMultiplier: number;
  intervalLengthSeconds: number | undefined;
  /** ISO 4217 alphabetic code when the numeric `currency` is one this reader names, else the numeric code. */
  currency: string | undefined;
  commodity: number | undefined;
  accumulationBehaviour: number | undefined;
  flowDirection: number | undefined;
  readingKind: number | undefined;
};

export type GreenButtonMeterReading = {
  kind: 'meterReading';
  meterReadingId: string;
  usagePointId: string;
  readingTypeId: string;
  title: string | undefined;
};

export type GreenButtonInterval = {
  kind: 'interval';
  usagePointId: string;
  meterReadingId: string;
  start: Temporal.Instant;
  durationSeconds: number;
  /** The value as written; the real quantity is `value × 10^powerOfTenMultiplier` in `unit`. */
  value: Decimal;
  unit: string;
  powerOfTenMultiplier: number;
  /** Cost in currency units (the feed's hundred-thousandths divided by 100,000). */
  cost: Decimal | undefined;
  currency: string | undefined;
  /** ESPI ReadingQuality codes as written, in document order; empty when the reading has none. */
  quality: number[];
  line: number;
};

/** A bad value that was skipped; emitted only when the caller asked for `onInvalid: 'report'`. */
export type GreenButtonInvalid = { kind: 'invalid' } & MeterDataProblem;
