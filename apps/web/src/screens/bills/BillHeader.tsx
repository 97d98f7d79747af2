import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bill } from '../../api/types.js';
import { useCompany } from '../../auth/session.js';
import { formatAddressLine } from '../../format/address.js';
import { useFormat } from '../../format/format.js';
import type { AccountWithAgreements } from '../accounts/account-types.js';

type BillHeaderProps = {
  bill: Bill;
  /** The bill's account with its agreements; undefined while it loads or without customers:read. */
  account: AccountWithAgreements | undefined;
};

/**
 * Names whose bill it is, on screen and on paper: the company, the customer and account, the invoice
 * number and dates, the billing period and the service address of each agreement the bill charges.
 */
export function BillHeader({ bill, account }: BillHeaderProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const company = useCompany();
  const billedAgreements = new Set(bill.segments.map((segment) => segment.agreementId));
  const servicePoints = (account?.agreements ?? [])
    .filter((agreement) => billedAgreements.has(agreement.id))
    .flatMap((agreement) =>
      agreement.servicePoint ? [{ agreement, servicePoint: agreement.servicePoint }] : [],
    );

  return (
    <Card withBorder data-testid="bill-header">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Stack gap={4}>
          {company && <Field label={t('billPrint.issuedBy')}>{company.name}</Field>}
          {account && <Field label={t('billPrint.customer')}>{account.customerName}</Field>}
          <Field label={t('billPrint.accountNumber')}>{bill.accountNumber}</Field>
          {servicePoints.length > 0 && (
            <Field label={t('billPrint.serviceAddresses')}>
              {servicePoints.map(({ agreement, servicePoint }) => (
                <Text key={agreement.id} size="sm">
                  {formatAddressLine(servicePoint.premise)}
                  {servicePoint.marketId &&
                    ` · ${t('billPrint.servicePoint', { marketId: servicePoint.marketId })}`}
                  {agreement.tariff && ` · ${t('billPrint.tariff')}: ${agreement.tariff.code}`}
                </Text>
              ))}
            </Field>
          )}
        </Stack>
        <Stack gap={4}>
          <Field label={t('bill.invoiceNumber')}>{bill.invoiceNumber ?? t('bill.draft')}</Field>
          <Field label={t('bill.issueDate')}>{format.date(bill.issueDate)}</Field>
          <Field label={t('bill.dueDate')}>{format.date(bill.dueDate)}</Field>
          <Field label={t('bill.period')}>
            <span data-testid="bill-period">{format.billingPeriod(bill.periodStart, bill.periodEnd)}</span>
          </Field>
          <Field label={t('bill.total')}>
            <Text span fw={700} data-testid="bill-total">
              {format.money(bill.totalMinor, bill.currency)}
            </Text>
          </Field>
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
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
