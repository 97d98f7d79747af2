import { Code, Text } from '@mantine/core';
import { Fragment } from 'react';

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
