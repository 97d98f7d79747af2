export type RoundingMode = 'half-up' | 'half-even';

export const roundingModes: readonly RoundingMode[] = ['half-up', 'half-even'];

/** A company (tenant): the currency, time zone and rounding every bill of its customers uses. */
export type Company = {
  id: string;
  code: string;
  name: string;
  currency: string;
  /** ISO 4217 exponent of the currency: amounts are stored as integers of 10^-currencyMinorUnit. */
  currencyMinorUnit: number;
  /** IANA time zone, such as Europe/Madrid. */
  timeZone: string;
  /** BCP 47 language tag, such as es-ES. */
  locale: string;
  roundingMode: RoundingMode;
  createdAt: string;
};
