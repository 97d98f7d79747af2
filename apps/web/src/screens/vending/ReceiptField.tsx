import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Shows a labelled value of a receipt, such as the meter number or the amount paid. */
export function ReceiptField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.8">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
