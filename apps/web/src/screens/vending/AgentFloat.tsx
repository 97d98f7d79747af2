import { Badge, Card, Group, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/format.js';
import type { VendingAgent } from './vending-types.js';

/** Shows a vending agent's float balance and credit limit, which bound what it can sell. */
export function AgentFloat({ agent }: { agent: VendingAgent }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card withBorder data-testid="agent-float">
      <Group justify="space-between" mb="xs">
        <Text fw={700}>
          {agent.name} · {agent.code}
        </Text>
        <Badge variant="outline" data-testid="agent-status">
          {t(`vending.agentStatuses.${agent.status}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={2}>
        <div>
          <Text size="xs" c="gray.8">
            {t('vending.floatBalance')}
          </Text>
          <Text fw={700} data-testid="float-balance">
            {format.money(agent.floatBalanceMinor, agent.currency)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="gray.8">
            {t('vending.creditLimit')}
          </Text>
          <Text data-testid="credit-limit">{format.money(agent.creditLimitMinor, agent.currency)}</Text>
        </div>
      </SimpleGrid>
    </Card>
  );
}
