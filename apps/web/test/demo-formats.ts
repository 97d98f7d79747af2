import { minorToDecimal } from '../src/format/amounts.js';

/** The languages the browser tests run in. */
export type Language = 'en' | 'es';

/** The locale that the app formats numbers and dates in, by language. */
export const locales: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

/** Formats US cents, the demo's money, as the app shows them, with every kind of space as a plain one. */
export function formatUsd(minor: bigint, language: Language): string {
  const decimal = minorToDecimal(minor.toString(), 2) as Intl.StringNumericLiteral;
  const text = new Intl.NumberFormat(locales[language], { style: 'currency', currency: 'USD' }).format(
    decimal,
  );
  return plain(text);
}

/** Formats a decimal quantity of kWh as the app shows it. */
export function formatKwh(units: string, language: Language): string {
  const number = new Intl.NumberFormat(locales[language], { maximumFractionDigits: 6 }).format(
    units as Intl.StringNumericLiteral,
  );
  return `${number} kWh`;
}

/** Replaces every kind of space, such as the narrow no-break space of some formats, with a plain one. */
export function plain(text: string): string {
  return text.replace(/\s/g, ' ');
}
