import { parseDecimalAmount } from '../../../server/src/modules/payments/domain/parse-decimal-amount.js';

/**
 * Turns an integer amount in minor units ("-12345") into the decimal string Intl formats ("-123.45").
 * This moves the decimal point in the text and does no arithmetic, so no amount passes through a float.
 */
export function minorToDecimal(minor: string, minorUnit: number): string {
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(minorUnit + 1, '0');
  const whole = digits.slice(0, digits.length - minorUnit);
  const fraction = digits.slice(digits.length - minorUnit);
  const text = minorUnit > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}

/**
 * Turns a typed amount such as "12.5", or "12,50" with a decimal comma, into minor units ("1250") with the
 * server's own parser. With the display `locale`, grouped text as that locale shows amounts is read too
 * ("1.234,56" in es-ES, "1,234.56" in en-US). Returns null for text that is not a positive amount with at
 * most `minorUnit` decimals.
 */
export function amountToMinor(text: string, minorUnit: number, locale?: string): string | null {
  const normalised = toDecimalPoint(locale ? removeGrouping(text.trim(), locale) : text);
  try {
    const minor = parseDecimalAmount(normalised, minorUnit, 'amount');
    return minor > 0n ? minor.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Trims a typed decimal and turns a decimal comma ("1234,5", as Spanish writes it) into the point the
 * API expects. Other text comes back trimmed and unchanged, for the schema to judge.
 */
export function toDecimalPoint(text: string): string {
  const trimmed = text.trim();
  return /^\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
}

/**
 * Removes the grouping separators of `locale` from an amount, when the text can only be a grouped amount:
 * groups of three digits followed by a decimal separator ("1.234,56" in es-ES), or two or more groups
 * ("1.234.567"). "1.500" stays as typed, because it may be 1.5 as well as 1500, and the server's parser
 * then judges it.
 */
function removeGrouping(text: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const group = parts.find((part) => part.type === 'group')?.value;
  const decimal = parts.find((part) => part.type === 'decimal')?.value;
  if (!group || !decimal || !/^[.,]$/.test(group)) return text;
  const escapedGroup = `\\${group}`;
  const escapedDecimal = `\\${decimal}`;
  const withDecimals = new RegExp(`^\\d{1,3}(${escapedGroup}\\d{3})+${escapedDecimal}\\d+$`);
  const wholeGroups = new RegExp(`^\\d{1,3}(${escapedGroup}\\d{3}){2,}$`);
  if (!withDecimals.test(text) && !wholeGroups.test(text)) return text;
  return text.split(group).join('').replace(decimal, '.');
}
