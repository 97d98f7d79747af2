import { Code, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bill } from '../api/types.js';
import { useFormat } from '../format/format.js';
import type { BillRead } from '../screens/bills/bill-reads.js';
import { useLineFormat } from '../screens/bills/use-line-format.js';

type BillLine = Bill['lines'][number];

type LineTraceProps = {
  line: BillLine;
  currency: string;
  /** The bill's reads by id, from its segments' consumption; a rate check has none. */
  reads?: ReadonlyMap<string, BillRead>;
  /** Serial numbers of the account's meters by meter id, when the user may read them. */
  meterSerials?: ReadonlyMap<string, string>;
};

type Trace = {
  tariffVersionId?: unknown;
  effectiveFrom?: unknown;
  componentId?: unknown;
  componentKind?: unknown;
  segment?: { start?: unknown; end?: unknown; days?: unknown };
  prorationFactor?: unknown;
  season?: unknown;
  touPeriod?: { index?: unknown; name?: unknown };
  tier?: { index?: unknown; from?: unknown; to?: unknown; unit?: unknown };
  readingIds?: unknown;
  formula?: unknown;
  unroundedAmount?: unknown;
};

const componentKinds = ['fixed', 'energy', 'demand', 'volume', 'minimum', 'tax'] as const;
const readKinds = ['actual', 'estimated', 'customer', 'install', 'removal'] as const;

/**
 * Shows how the rating engine priced a bill line: the tariff version and component, the period, tier and
 * time-of-use period, the meter reads by date and value, and the calculation, each with a label in the
 * user's language. Fields this view does not know yet are listed as recorded.
 */
export function LineTrace({ line, currency, reads = new Map(), meterSerials = new Map() }: LineTraceProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const lineFormat = useLineFormat(currency);
  const trace = line.trace as Trace;
  const rows: [string, ReactNode][] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const known = new Set<string>();
  const add = (key: string, label: string, value: ReactNode) => {
    known.add(key);
    if (value !== undefined && value !== null && value !== '') rows.push([label, value]);
  };

  known.add('tariffVersionId');
  const effectiveFrom = text(trace.effectiveFrom);
  add(
    'effectiveFrom',
    t('trace.tariffVersion'),
    effectiveFrom && t('trace.versionFrom', { date: format.date(effectiveFrom) }),
  );
  add('componentId', t('trace.component'), text(trace.componentId));
  const kind = componentKinds.find((candidate) => candidate === trace.componentKind);
  add('componentKind', t('trace.componentKind'), kind ? t(`trace.kinds.${kind}`) : text(trace.componentKind));
  const segmentStart = text(trace.segment?.start);
  const segmentEnd = text(trace.segment?.end);
  add(
    'segment',
    t('trace.segment'),
    segmentStart &&
      segmentEnd &&
      t('trace.segmentDays', {
        period: format.billingPeriod(segmentStart, segmentEnd),
        days: typeof trace.segment?.days === 'number' ? format.number(trace.segment.days) : '—',
      }),
  );
  const factor = text(trace.prorationFactor);
  add(
    'prorationFactor',
    t('trace.prorationFactor'),
    factor &&
      new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 4 }).format(
        factor as Intl.StringNumericLiteral,
      ),
  );
  add('season', t('trace.season'), text(trace.season));
  add(
    'touPeriod',
    t('trace.touPeriod'),
    text(trace.touPeriod?.name) ??
      (typeof trace.touPeriod?.index === 'number' ? format.number(trace.touPeriod.index + 1) : undefined),
  );
  add('tier', t('trace.tier'), describeTier(trace.tier));
  add('readingIds', t('trace.reads'), describeReads(trace.readingIds));
  add(
    'unroundedAmount',
    t('trace.calculation'),
    line.quantity !== null &&
      line.unitPrice !== null &&
      text(trace.unroundedAmount) &&
      `${lineFormat.quantity(line.quantity, line.unit)} × ${lineFormat.unitPrice(line.unitPrice, line.unit)} = ${lineFormat.exactAmount(text(trace.unroundedAmount) ?? '')}`,
  );
  add(
    'formula',
    t('trace.formula'),
    text(trace.formula) && (
      <Code lang="en" style={{ whiteSpace: 'normal' }}>
        {text(trace.formula)}
      </Code>
    ),
  );
  for (const [key, value] of Object.entries(trace)) {
    if (!known.has(key)) rows.push([key, <Code key={key}>{JSON.stringify(value)}</Code>]);
  }

  function describeTier(tier: Trace['tier']): string | undefined {
    if (!tier || typeof tier.index !== 'number') return undefined;
    const unit = text(tier.unit) ?? null;
    const number = format.number(tier.index + 1);
    const from = lineFormat.quantity(text(tier.from) ?? '0', unit);
    const to = text(tier.to);
    return to
      ? t('trace.tierRange', { number, from, to: lineFormat.quantity(to, unit) })
      : t('trace.tierFrom', { number, from });
  }

  function describeReads(ids: unknown): ReactNode {
    if (!Array.isArray(ids) || ids.length === 0) return undefined;
    return (
      <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
        {(ids as unknown[]).map((id, index) => {
          const read = typeof id === 'string' ? reads.get(id) : undefined;
          if (!read) return <li key={index}>{t('trace.readNotFound')}</li>;
          const readKind = readKinds.find((candidate) => candidate === read.kind);
          const serial = read.meterId ? meterSerials.get(read.meterId) : undefined;
          return (
            <li key={read.id}>
              {t('trace.read', {
                date: format.date(read.readOn),
                value: format.quantity(read.value, read.unit),
                kind: readKind ? t(`trace.readKinds.${readKind}`) : read.kind,
              })}
              {serial && `, ${t('trace.onMeter', { serial })}`}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '0.75rem' }}>
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>
            <Text size="xs" fw={600}>
              {label}
            </Text>
          </dt>
          <dd style={{ margin: 0 }}>
            <Text size="xs" component="div">
              {value}
            </Text>
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** Shows a line's trace as nested key and value lists, the way the rating engine recorded it. */
export function TraceView({ value }: { value: unknown }) {
  if (value === null || typeof value !== 'object') return <Code>{String(value)}</Code>;
  if (Array.isArray(value)) {
    return (
      <ol style={{ margin: 0, paddingLeft: '1.2rem' }}>
        {(value as unknown[]).map((item, index) => (
          <li key={index}>
            <TraceView value={item} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '0.75rem' }}>
      {Object.entries(value as Record<string, unknown>).map(([key, item]) => (
        <Fragment key={key}>
          <dt>
            <Text size="xs" fw={600}>
              {key}
            </Text>
          </dt>
          <dd style={{ margin: 0 }}>
            {item !== null && typeof item === 'object' ? (
              <TraceView value={item} />
            ) : (
              <Text size="xs" ff="monospace">
                {String(item)}
              </Text>
            )}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
