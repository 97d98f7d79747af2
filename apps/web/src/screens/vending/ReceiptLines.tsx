import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';
import { displayUnit } from '../accounts/read-periods.js';
import { useLineFormat } from '../bills/use-line-format.js';
import type { PrepaidQuote, PrepaidService, ReceiptLine } from './vending-types.js';

/**
 * Lists what a purchase pays for, in the server's order: each deduction, the units of electricity, water
 * or gas bought in each price block, and the month's free basic units, then the totals. A quote and a vend
 * show the same table.
 */
export function ReceiptLines({ purchase }: { purchase: PrepaidQuote }) {
  const { t } = useTranslation();
  const format = useFormat();
  const lineFormat = useLineFormat(purchase.currency);
  const money = (minor: string) => format.money(minor, purchase.currency);
  const right = { textAlign: 'right' } as const;
  const unit = displayUnit(purchase.unit);

  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid="receipt-lines">
        <Table.Caption>{t('vending.receipt.lines')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vending.receipt.description')}</Table.Th>
            <Table.Th style={right}>{t('vending.receipt.units')}</Table.Th>
            <Table.Th style={right}>{t('vending.receipt.unitPrice')}</Table.Th>
            <Table.Th style={right}>{t('vending.receipt.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {purchase.lines.map((line, index) => (
            <Table.Tr key={index} data-kind={line.kind}>
              <Table.Td>
                <LineDescription line={line} service={purchase.service} unit={unit} />
              </Table.Td>
              <Table.Td style={right}>{lineFormat.quantity(line.units, unit)}</Table.Td>
              <Table.Td style={right}>{lineFormat.unitPrice(line.unitPrice, unit)}</Table.Td>
              <Table.Td style={right}>{money(line.amountMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <TotalRow label={t('vending.receipt.tendered')} value={money(purchase.tenderedMinor)} />
          <TotalRow label={t('vending.receipt.deductions')} value={money(purchase.deductionsMinor)} />
          <TotalRow
            label={t(`vending.receipt.energy.${purchase.service}`)}
            value={money(purchase.energyMinor)}
          />
          <TotalRow
            label={t('vending.receipt.unitsBought')}
            value={lineFormat.quantity(purchase.units, unit)}
            testId="receipt-units"
          />
          {purchase.freeUnits !== '0.0' && (
            <TotalRow
              label={t('vending.receipt.freeUnitsTotal')}
              value={lineFormat.quantity(purchase.freeUnits, unit)}
            />
          )}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Words a receipt line. A deduction shows the name that the utility gave its rule. The units bought and
 * free units are worded here from their service and price block, because the server words them in English.
 */
function LineDescription({
  line,
  service,
  unit,
}: {
  line: ReceiptLine;
  service: PrepaidService;
  unit: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = t(`vending.receipt.energy.${service}`);
  if (line.kind === 'energy' && line.block !== null) {
    const range = {
      label,
      number: line.block.number,
      from: format.quantity(line.block.fromUnits),
      to: line.block.toUnits === null ? '' : format.quantity(line.block.toUnits),
      unit,
    };
    return (
      <Text size="sm">
        {line.block.toUnits === null
          ? t('vending.receipt.blockFrom', range)
          : t('vending.receipt.blockRange', range)}
      </Text>
    );
  }
  if (line.kind === 'energy') return <Text size="sm">{label}</Text>;
  if (line.kind === 'free-units') return <Text size="sm">{t(`vending.receipt.freeUnits.${service}`)}</Text>;
  return (
    <>
      <Text size="sm">{line.description}</Text>
      <Text size="xs" c="gray.8">
        {t(`vending.lineKinds.${line.kind}`)}
      </Text>
    </>
  );
}

function TotalRow({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th colSpan={3} scope="row">
        {label}
      </Table.Th>
      <Table.Td style={{ textAlign: 'right' }} fw={700} data-testid={testId}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}
