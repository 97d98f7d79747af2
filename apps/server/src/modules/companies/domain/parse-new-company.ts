import { Temporal } from 'temporal-polyfill';
import { invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import { roundingModes, type RoundingMode } from './company.js';
import { findCurrencyMinorUnit } from './currencies.js';

export type NewCompanyInput = {
  code: string;
  name: string;
  currency: string;
  timeZone: string;
  locale?: string;
  roundingMode?: string;
};

export type NewCompany = {
  code: string;
  name: string;
  currency: string;
  currencyMinorUnit: number;
  timeZone: string;
  locale: string;
  roundingMode: RoundingMode;
};

const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
const MAX_NAME_LENGTH = 200;

/**
 * Checks a new company's settings and returns them normalised (canonical time zone and locale, minor
 * unit from the currency); throws one validation error that lists every invalid field.
 */
export function parseNewCompany(input: NewCompanyInput): NewCompany {
  const issues: FieldIssue[] = [];
  const code = input.code.trim();
  if (!CODE_PATTERN.test(code)) {
    issues.push({
      path: 'code',
      message: `Invalid code "${input.code}": use 2 to 40 lowercase letters, digits or hyphens, starting with a letter or digit.`,
    });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    issues.push({ path: 'name', message: `Name must have 1 to ${MAX_NAME_LENGTH} characters.` });
  } else if (/\p{Cc}/u.test(name)) {
    issues.push({ path: 'name', message: 'Name must not contain line breaks or other control characters.' });
  }
  const currency = input.currency.trim().toUpperCase();
  const currencyMinorUnit = findCurrencyMinorUnit(currency);
  if (currencyMinorUnit === undefined) {
    issues.push({
      path: 'currency',
      message: `Unknown currency "${input.currency}": use an active ISO 4217 code such as EUR, USD or JPY.`,
    });
  }
  const timeZone = findIanaTimeZone(input.timeZone.trim());
  if (timeZone === undefined) {
    issues.push({
      path: 'timeZone',
      message: `Unknown time zone "${input.timeZone}": use an IANA time zone name such as Europe/Madrid or America/New_York.`,
    });
  }
  const locale = findCanonicalLocale(input.locale ?? 'en');
  if (locale === undefined) {
    issues.push({
      path: 'locale',
      message: `Invalid locale "${input.locale}": use a BCP 47 language tag such as en, es-ES or pt-BR.`,
    });
  }
  const roundingMode = roundingModes.find((mode) => mode === (input.roundingMode ?? 'half-up'));
  if (roundingMode === undefined) {
    issues.push({
      path: 'roundingMode',
      message: `Unknown rounding mode "${input.roundingMode}": use half-up or half-even.`,
    });
  }

  if (issues.length > 0 || currencyMinorUnit === undefined || !timeZone || !locale || !roundingMode) {
    throw invalidInput('COMPANIES.INVALID_COMPANY', 'The company settings are invalid.', issues);
  }
  return { code, name, currency, currencyMinorUnit, timeZone, locale, roundingMode };
}

/**
 * Returns the canonical spelling of an IANA time zone, or undefined. Fixed offsets such as +01:00 are
 * rejected even though Temporal accepts them, because they have no daylight saving rules.
 */
function findIanaTimeZone(timeZone: string): string | undefined {
  if (timeZone === '' || /^[+-]/.test(timeZone)) return undefined;
  try {
    return Temporal.Now.zonedDateTimeISO(timeZone).timeZoneId;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function findCanonicalLocale(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
