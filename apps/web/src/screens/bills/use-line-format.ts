import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';

// Units the rating engine writes as words; meter units such as kWh, kW and m3 read the same in every
// language. A line with the unit "amount" is a percentage tax: its quantity is the taxed amount and its
// unit price the rate as a fraction.
const wordUnits = ['month', 'day', 'amount'] as const;
type WordUnit = (typeof wordUnits)[number];

function isWordUnit(unit: string): unit is WordUnit {
  return (wordUnits as readonly string[]).includes(unit);
}

/**
 * Formats the quantities, unit prices and amounts of bill lines and their traces in the user's language,
 * from the decimal strings the server returns, so no price passes through a float.
 */
export function useLineFormat(currency: string) {
  const { t } = useTranslation();
  const format = useFormat();

  function unitName(unit: string): string {
    return isWordUnit(unit) ? t(`trace.units.${unit}`) : unit;
  }

  return {
    unitName,
    quantity(value: string | null, unit: string | null): string {
      if (value === null) return '—';
      if (unit === 'amount') return format.price(value, currency);
      return format.quantity(value, unit === null ? null : unitName(unit));
    },
    /** Formats a unit price with every published digit: "$0.0896 per kWh", or "7%" for a percentage tax. */
    unitPrice(value: string | null, unit: string | null): string {
      if (value === null) return '—';
      if (unit === 'amount') {
        return new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 6 }).format(
          value as Intl.StringNumericLiteral,
        );
      }
      const price = format.price(value, currency);
      return unit === null ? price : t('trace.perUnit', { price, unit: unitName(unit) });
    },
    /** Formats an amount in the currency that may have more decimals than the currency, such as 6.1494. */
    exactAmount(value: string): string {
      return format.price(value, currency);
    },
  };
}
