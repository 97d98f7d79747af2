import { Button, CopyButton, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';
import { displayUnit } from '../accounts/read-periods.js';
import type { PrepaidVend } from './vending-types.js';

/**
 * Lists a vend's tokens in the order the customer enters them, each with its purpose and units and its 20
 * digits in groups of four, as the customer types them. A reversed vend's tokens are struck through.
 * With `copyable`, each token has a button that copies its digits, without spaces, to the clipboard.
 */
export function VendTokens({
  vend,
  headingOrder,
  copyable = false,
}: {
  vend: Pick<PrepaidVend, 'tokens' | 'unit' | 'status'>;
  headingOrder: 2 | 3;
  copyable?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <Title order={headingOrder} size="h4">
        {t('vending.receipt.tokens')}
      </Title>
      {vend.tokens.length > 1 && <Text size="sm">{t('vending.receipt.tokensHint')}</Text>}
      {vend.tokens.map((token) => (
        <div key={token.position} data-testid="token">
          <Text size="sm" c="gray.8">
            {t(`vending.tokenPurposes.${token.purpose}`)} ·{' '}
            {format.quantity(token.units, displayUnit(vend.unit))}
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Text
              ff="monospace"
              fz={26}
              fw={700}
              td={vend.status === 'reversed' ? 'line-through' : undefined}
              data-testid="token-digits"
            >
              {token.tokenGroups}
            </Text>
            {copyable && (
              <CopyButton value={token.token} timeout={3000}>
                {({ copied, copy }) => (
                  <Button
                    variant="default"
                    size="xs"
                    className="no-print"
                    onClick={copy}
                    aria-label={t(copied ? 'vending.receipt.tokenCopied' : 'vending.receipt.copyToken', {
                      token: token.tokenGroups,
                    })}
                  >
                    {copied ? t('vending.receipt.digitsCopied') : t('vending.receipt.copyDigits')}
                  </Button>
                )}
              </CopyButton>
            )}
          </Group>
        </div>
      ))}
    </>
  );
}
