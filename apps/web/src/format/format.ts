import { useTranslation } from 'react-i18next';
import { useCompany } from '../auth/session.js';
import { minorToDecimal } from './amounts.js';

/** Formats money, dates and quantities in the user's language and the company's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const company = useCompany();
  const locale = i18n.language === 'es' ? 'es-ES' : 'en-US';
  const timeZone = company?.timeZone ?? 'UTC';
  const minorUnit = company?.currencyMinorUnit ?? 2;

  return {
    locale,
    money(minor: string | null | undefined, currency = company?.currency ?? 'USD'): string {
      if (minor === null || minor === undefined) return '—';
      const decimal = minorToDecimal(minor, minorUnit) as Intl.StringNumericLiteral;
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal);
    },
    /**
     * Formats a unit price given as a decimal string (such as "0.084510" $/kWh) in the currency, with
     * every digit the tariff publishes and at least the currency's own decimals.
     */
    price(decimal: string, currency = company?.currency ?? 'USD'): string {
      const publishedDigits = decimal.split('.')[1]?.length ?? 0;
      const currencyDigits =
        new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
          .minimumFractionDigits ?? 2;
      const digits = Math.min(Math.max(publishedDigits, currencyDigits), 20);
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(decimal as Intl.StringNumericLiteral);
    },
    /** Formats a decimal string such as a quantity of kWh, keeping its digits. */
    quantity(value: string | null | undefined, unit?: string | null): string {
      if (value === null || value === undefined) return '—';
      const formatted = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(
        value as Intl.StringNumericLiteral,
      );
      return unit ? `${formatted} ${unit}` : formatted;
    },
    /** Formats a calendar date (YYYY-MM-DD) without shifting it through a time zone. */
    date(value: string | null | undefined): string {
      if (!value) return '—';
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${value}T00:00:00Z`),
      );
    },
    /**
     * Formats two calendar dates (YYYY-MM-DD) as one range, such as "Jan 1 – Feb 1, 2026". The `short`
     * style leaves the year out.
     */
    dateRange(start: string, end: string, style: 'short' | 'medium' = 'medium'): string {
      const options: Intl.DateTimeFormatOptions =
        style === 'short' ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' };
      return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).formatRange(
        new Date(`${start}T00:00:00Z`),
        new Date(`${end}T00:00:00Z`),
      );
    },
    /**
     * Formats a billing period, stored half-open as [start, end), with its inclusive last day, the way a
     * bill names it: [2026-11-01, 2026-12-01) is "Nov 1 – 30, 2026".
     */
    billingPeriod(start: string, end: string): string {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(
        new Date(`${start}T00:00:00Z`),
        new Date(`${lastDayBefore(end)}T00:00:00Z`),
      );
    },
    /** Formats a local wall-clock time (YYYY-MM-DDTHH:mm) as written, without a time zone shift. */
    wallTime(value: string): string {
      return new Intl.DateTimeFormat(locale, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      }).format(new Date(`${value}:00Z`));
    },
    /**
     * Formats an instant in the company's time zone with the zone's abbreviation ("Dec 5, 2026, 3:02 AM
     * CST"), because a user whose browser is in another zone would otherwise read it as local time.
     */
    dateTime(value: string | null | undefined): string {
      if (!value) return '—';
      // Intl rejects timeZoneName together with dateStyle or timeStyle, so the parts are spelled out.
      return new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
        timeZone,
      }).format(new Date(value));
    },
    number(value: number): string {
      return new Intl.NumberFormat(locale).format(value);
    },
  };
}

// UTC days are all 24 hours long, so going back one day in milliseconds is exact there.
const dayMs = 86_400_000;

/** Returns the day before a calendar date (YYYY-MM-DD), the last day of a half-open period ending there. */
export function lastDayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);
}
