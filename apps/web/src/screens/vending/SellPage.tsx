import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  maxTenderedMinor,
  quoteVendBody,
} from '../../../../server/src/modules/prepayment/domain/vend-request-schemas.js';
import { api, ApiError } from '../../api/client.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { useCompany, usePermission } from '../../auth/session.js';
import { PermittedLink } from '../../components/PermittedLink.js';
import { amountToMinor } from '../../format/amounts.js';
import { useFormat } from '../../format/format.js';
import { checkFormBody, type DescribeIssue } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { FormCard } from '../../forms/FormCard.js';
import { displayUnit } from '../accounts/read-periods.js';
import { AgentFloat } from './AgentFloat.js';
import { ReceiptLines } from './ReceiptLines.js';
import { useIsAgentSession, useVendingAgents, vendingAgentsQueryKey } from './use-vending-agents.js';
import { localizeVendingError } from './vending-errors.js';
import type { PrepaidQuote, PrepaidVend } from './vending-types.js';

// Mantine words an input's description in its dimmed grey, whose contrast on white is below 4.5:1.
const hintStyles = { description: { color: 'var(--mantine-color-gray-8)' } };

/** Spaces and hyphens that a seller may type between the digit groups of a meter number. */
const meterNumberSeparators = /[\s-]/g;

/**
 * Sells prepaid units: the seller enters the meter number and the amount, checks the quote (the meter,
 * its account, every deduction and the units per price block) with the customer, and sells. The URL
 * keeps the meter number and amount, so that a link opens the same quote.
 */
export function SellPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const company = useCompany();
  const isAgent = useIsAgentSession();
  const agents = useVendingAgents();
  const maySell = usePermission('vending:write');
  const minorUnit = company?.currencyMinorUnit ?? 2;
  const [params, setParams] = useSearchParams();
  const quotedMeter = params.get('meter');
  const quotedAmount = params.get('amount');
  const [meter, setMeter] = useState(quotedMeter ?? '');
  const [amount, setAmount] = useState(quotedAmount ?? '');
  // One Idempotency-Key per purchase: a retry of the same meter and amount, after a lost response or a
  // failure, sends the same key, and the server returns the tokens of the first attempt if it sold. The
  // key is kept in the tab's session storage, so a reload after a lost response retries with it too.
  const attempt = useRef<{ purchase: string; key: string } | null>(readAttempt());
  const fields = {
    pan: { label: t('vending.sell.meterNumber'), paths: ['pan', 'meterId'] },
    amount: { label: t('vending.sell.amount'), paths: ['amountMinor'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const describe: DescribeIssue = (issue, field) => {
    const input = typeof issue.input === 'string' ? issue.input : '';
    if (input === '') return undefined;
    if (field === fields.pan)
      return t('vending.sell.invalidMeterNumber', { field: field.label, value: input });
    if (field === fields.amount && issue.code === 'custom')
      return t('vending.sell.amountTooLarge', {
        value: quotedAmount,
        maximum: format.money(maxTenderedMinor.toString()),
      });
    if (field === fields.amount)
      return t('vending.sell.invalidAmount', {
        field: field.label,
        value: quotedAmount,
        decimals: minorUnit,
      });
    return undefined;
  };

  const quote = useQuery({
    queryKey: ['vending-quote', quotedMeter, quotedAmount],
    enabled: quotedMeter !== null && quotedAmount !== null,
    queryFn: () => {
      const typedAmount = quotedAmount ?? '';
      // Text that is not an amount goes to the schema as typed, so its message quotes what the user wrote.
      const amountMinor = amountToMinor(typedAmount, minorUnit, format.locale) ?? typedAmount.trim();
      const body = checkFormBody(
        quoteVendBody,
        {
          pan: (quotedMeter ?? '').replace(meterNumberSeparators, ''),
          amountMinor,
          currency: company?.currency,
        },
        { fields: fieldList, t, describe },
      );
      return api<PrepaidQuote>('/v1/prepaid/quotes', { method: 'POST', body });
    },
    // A quote depends on the meter's purchases this month, so it is asked again rather than reused.
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  function idempotencyKeyFor(purchase: PrepaidQuote): string {
    const identity = `${purchase.pan}:${purchase.tenderedMinor}:${purchase.currency}`;
    if (attempt.current?.purchase !== identity) {
      attempt.current = { purchase: identity, key: crypto.randomUUID() };
      window.sessionStorage.setItem(attemptStorageKey, JSON.stringify(attempt.current));
    }
    return attempt.current.key;
  }

  const vend = useMutation({
    mutationFn: (purchase: PrepaidQuote) =>
      api<PrepaidVend>('/v1/prepaid/vends', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKeyFor(purchase) },
        body: { pan: purchase.pan, amountMinor: purchase.tenderedMinor, currency: purchase.currency },
      }),
    onSuccess: async (sold) => {
      // The sale is done: the next purchase, even of the same amount for the same meter, is a new one.
      attempt.current = null;
      window.sessionStorage.removeItem(attemptStorageKey);
      queryClient.setQueryData(['vend', sold.id], sold);
      await queryClient.invalidateQueries({ queryKey: vendingAgentsQueryKey });
      await queryClient.invalidateQueries({ queryKey: ['vending-reconciliation'] });
      await navigate(`/vending/vends/${sold.id}`);
    },
    // A refused sale can follow a change of the float, which the card above then shows as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: vendingAgentsQueryKey }),
  });

  // The quote shows only while the fields hold what it was asked for, so that the seller never sells
  // an amount other than the one typed.
  const edited = meter !== (quotedMeter ?? '') || amount !== (quotedAmount ?? '');
  const error = localizeVendingError(vend.error ?? (edited ? null : quote.error), t);
  const messages = useFieldMessages(error instanceof ApiError ? error : null, fields);
  const agent = isAgent ? agents.data?.[0] : undefined;

  function requestQuote() {
    vend.reset();
    const next = new URLSearchParams(params);
    next.set('meter', meter);
    next.set('amount', amount);
    if (next.toString() === params.toString()) void quote.refetch();
    else setParams(next);
  }

  return (
    <Stack>
      <Title order={1}>{t('vending.sell.title')}</Title>
      {agent ? (
        <AgentFloat agent={agent} />
      ) : (
        !isAgent && <Text c="gray.8">{t('vending.sell.backOfficeSale')}</Text>
      )}
      <FormCard title={t('vending.sell.quoteTitle')} error={error} fields={fieldList} onSubmit={requestQuote}>
        <Group align="flex-start">
          <TextInput
            label={fields.pan.label}
            description={t('vending.sell.meterNumberHint')}
            styles={hintStyles}
            value={meter}
            onChange={(event) => setMeter(event.currentTarget.value)}
            inputMode="numeric"
            autoComplete="off"
            required
            error={messages.pan}
            w={260}
          />
          <TextInput
            label={`${fields.amount.label} (${company?.currency ?? ''})`}
            description={t('vending.sell.amountHint')}
            styles={hintStyles}
            value={amount}
            onChange={(event) => setAmount(event.currentTarget.value)}
            inputMode="decimal"
            autoComplete="off"
            required
            error={messages.amount}
            w={260}
          />
          <Button type="submit" mt={44} loading={quote.isFetching}>
            {t('vending.sell.quote')}
          </Button>
        </Group>
      </FormCard>
      {quote.data && !edited && (
        <QuoteCard
          quote={quote.data}
          maySell={maySell}
          selling={vend.isPending}
          onSell={() => vend.mutate(quote.data)}
        />
      )}
    </Stack>
  );
}

/** Shows what the amount buys for the meter, and the button that sells it. */
function QuoteCard(props: { quote: PrepaidQuote; maySell: boolean; selling: boolean; onSell: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { quote } = props;
  const amount = format.money(quote.tenderedMinor, quote.currency);
  return (
    <Card withBorder data-testid="vend-quote">
      <Title order={2} size="h4" mb="xs">
        {t('vending.sell.quoteFor', { pan: quote.pan })}
      </Title>
      <Group gap="lg" mb="xs">
        <Text size="sm">
          {t('vending.meterNumber')}: <span data-testid="quote-pan">{quote.pan}</span>
        </Text>
        <Text size="sm">
          {t('vending.account')}:{' '}
          <PermittedLink to={`/accounts/${quote.accountId}`} permission="customers:read">
            <span data-testid="quote-account">{quote.accountNumber}</span>
          </PermittedLink>
        </Text>
        <Text size="sm">
          {t('vending.customer')}: <span data-testid="quote-customer">{quote.customerName}</span>
        </Text>
        <Text size="sm">
          {t('vending.service')}:{' '}
          <span data-testid="quote-service">{t(`vending.services.${quote.service}`)}</span>
        </Text>
      </Group>
      <ReceiptLines purchase={quote} />
      <Alert color="blue" mt="sm">
        {t('vending.sell.quoteHint', {
          amount,
          units: format.quantity(quote.units, displayUnit(quote.unit)),
        })}
      </Alert>
      {props.maySell && (
        <Group mt="sm">
          <Button onClick={props.onSell} loading={props.selling}>
            {t('vending.sell.sell', { amount })}
          </Button>
        </Group>
      )}
    </Card>
  );
}

const attemptStorageKey = 'open-cis.vend-attempt';

/** Reads the purchase attempt this tab has not finished, if any. */
function readAttempt(): { purchase: string; key: string } | null {
  try {
    const stored: unknown = JSON.parse(window.sessionStorage.getItem(attemptStorageKey) ?? 'null');
    if (
      typeof stored === 'object' &&
      stored !== null &&
      typeof (stored as { purchase?: unknown }).purchase === 'string' &&
      typeof (stored as { key?: unknown }).key === 'string'
    ) {
      return stored as { purchase: string; key: string };
    }
  } catch {
    // Unreadable storage means no attempt is pending.
  }
  return null;
}
