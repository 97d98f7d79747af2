import { List, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';
import type { ComponentPeriod, TariffComponent } from './tou-periods.js';

type Tier = { upTo?: string; limitUnit?: string; price?: string };
type Format = ReturnType<typeof useFormat>;

/**
 * Describes a tariff component in words: what it charges, its periods and tiers, and the units. Prices
 * keep every digit the tariff publishes.
 */
export function ComponentDescription({ component }: { component: TariffComponent }) {
  const { t } = useTranslation();
  const format = useFormat();
  const lines = describeComponent(component, t, format);
  if (lines === undefined) {
    const { kind: _kind, id: _id, name: _name, ...rest } = component;
    return (
      <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {JSON.stringify(rest, null, 1)}
      </Text>
    );
  }
  return (
    <List size="sm" spacing={2} listStyleType="none" styles={{ itemWrapper: { display: 'block' } }}>
      {lines.map((line, index) => (
        <List.Item key={index}>{line}</List.Item>
      ))}
    </List>
  );
}

/** Returns the description lines of a component, or undefined for a kind this screen does not know. */
function describeComponent(component: TariffComponent, t: TFunction, format: Format): string[] | undefined {
  const text = (key: string) => (typeof component[key] === 'string' ? component[key] : '');
  switch (component.kind) {
    case 'fixed':
      return [t('tariffs.describe.fixed', { price: format.price(text('amount')), per: per(text('per'), t) })];
    case 'minimum': {
      const line = t('tariffs.describe.minimum', {
        price: format.price(text('amount')),
        per: per(text('per'), t),
      });
      const month = component.settlementMonth;
      return typeof month === 'number'
        ? [line, t('tariffs.describe.settledIn', { month: monthName(month, format) })]
        : [line];
    }
    case 'energy':
      return [
        ...scheduleLine(component, t),
        t(
          component.tierBasis === 'period-total'
            ? 'tariffs.describe.tiersPerPeriod'
            : 'tariffs.describe.tiersOfBill',
        ),
        ...describePeriods(component.periods ?? [], 'kWh', t, format),
      ];
    case 'demand': {
      const unit = text('demandUnit') || 'kW';
      const window = component.windowMinutes;
      return [
        ...scheduleLine(component, t),
        ...(typeof window === 'number' ? [t('tariffs.describe.window', { minutes: window })] : []),
        ...(Array.isArray(component.periodByMonth)
          ? [t('tariffs.describe.periodByMonth', { periods: component.periodByMonth.join(', ') })]
          : []),
        ...describePeriods(component.periods ?? [], unit, t, format),
      ];
    }
    case 'volume': {
      const unit = text('unit');
      const tiers = Array.isArray(component.tiers) ? (component.tiers as Tier[]) : [];
      const source = component.source as { kind?: string; input?: string; per?: string } | undefined;
      return [
        source?.kind === 'input'
          ? t('tariffs.describe.volumeInput', { input: source.input, per: per(source.per ?? '', t) })
          : t('tariffs.describe.volumeMetered'),
        ...tiers.map((tier) => describeTier(tier, unit, t, format)),
      ];
    }
    case 'tax':
      return describeTax(component, t, format);
    default:
      return undefined;
  }
}

function scheduleLine(component: TariffComponent, t: TFunction): string[] {
  return component.schedule ? [t('tariffs.describe.schedule', { schedule: component.schedule })] : [];
}

function describePeriods(periods: ComponentPeriod[], unit: string, t: TFunction, format: Format): string[] {
  // A component with one period and no schedule has no period worth naming.
  const named = periods.length > 1 || periods.some((period) => period.name);
  return periods.map((period) => {
    const tiers = ((period.tiers ?? []) as Tier[])
      .map((tier) => describeTier(tier, unit, t, format))
      .join('; ');
    if (!named) return tiers;
    const label = period.name ?? t('tariffs.periodNumber', { number: period.period });
    return `${label}: ${tiers}`;
  });
}

function describeTier(tier: Tier, unit: string, t: TFunction, format: Format): string {
  const price = t('tariffs.describe.pricePer', { price: format.price(tier.price ?? '0'), unit });
  if (tier.upTo === undefined) return price;
  const limitUnit = (tier.limitUnit ?? unit).replace('volume', unit);
  return t('tariffs.describe.upTo', { price, limit: format.quantity(tier.upTo, limitUnit) });
}

function describeTax(component: TariffComponent, t: TFunction, format: Format): string[] {
  const rate = component.rate as
    { kind?: string; percent?: string; price?: string; unit?: string } | undefined;
  const appliesTo = component.appliesTo as { componentIds?: string[]; kinds?: string[] } | undefined;
  const targets = [...(appliesTo?.componentIds ?? []), ...(appliesTo?.kinds ?? [])].join(', ');
  const rateText =
    rate?.kind === 'percent'
      ? `${format.quantity(rate.percent ?? '0')} %`
      : t('tariffs.describe.pricePer', { price: format.price(rate?.price ?? '0'), unit: rate?.unit ?? '' });
  return [t('tariffs.describe.tax', { rate: rateText, targets })];
}

function per(unit: string, t: TFunction): string {
  switch (unit) {
    case 'day':
      return t('tariffs.describe.perDay');
    case 'month':
      return t('tariffs.describe.perMonth');
    case 'year':
      return t('tariffs.describe.perYear');
    case 'period':
      return t('tariffs.describe.perPeriod');
    default:
      return unit;
  }
}

function monthName(month: number, format: Format): string {
  return new Intl.DateTimeFormat(format.locale, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, month - 1, 1)),
  );
}
