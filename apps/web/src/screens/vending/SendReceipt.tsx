import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mailVendReceiptBody } from '../../../../server/src/modules/prepayment/domain/receipt-mail-schemas.js';
import { api, ApiError } from '../../api/client.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { checkFormBody, type DescribeIssue } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { FormCard } from '../../forms/FormCard.js';
import { localizeVendingError } from './vending-errors.js';

type QueuedReceiptMail = { vendId: string; email: string; status: 'queued' };

/**
 * Mails the receipt with its tokens to an address the customer gives, in the seller's language. The
 * server queues the mail and sends it within seconds, so the form confirms where it is going, not that
 * it has arrived.
 */
export function SendReceipt({ vendId }: { vendId: string }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const fields = {
    email: { label: t('vending.receipt.email'), paths: ['email'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  const describe: DescribeIssue = (issue, field) => {
    const value = typeof issue.input === 'string' ? issue.input.trim() : '';
    if (field === fields.email && value !== '' && issue.code === 'invalid_format') {
      return t('vending.receipt.invalidEmail', { field: field.label, value });
    }
    return undefined;
  };

  const send = useMutation({
    mutationFn: () => {
      const language = i18n.language === 'es' ? 'es' : 'en';
      const body = checkFormBody(
        mailVendReceiptBody,
        { email, language },
        { fields: fieldList, t, describe },
      );
      return api<QueuedReceiptMail>(`/v1/prepaid/vends/${vendId}/receipt-mails`, { method: 'POST', body });
    },
    onSuccess: () => setEmail(''),
  });
  const error = localizeVendingError(send.error, t);
  const messages = useFieldMessages(error instanceof ApiError ? error : null, fields);

  return (
    <FormCard
      title={t('vending.receipt.send')}
      error={error}
      fields={fieldList}
      onSubmit={() => send.mutate()}
    >
      <Text size="sm" c="gray.8" mb="xs">
        {t('vending.receipt.sendHint')}
      </Text>
      <Group align="flex-start">
        <TextInput
          label={fields.email.label}
          type="email"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
            if (send.isSuccess) send.reset();
          }}
          autoComplete="off"
          required
          error={messages.email}
          w={360}
        />
        <Button type="submit" variant="default" loading={send.isPending} mt={24}>
          {t('vending.receipt.sendButton')}
        </Button>
      </Group>
      {send.isSuccess && (
        <Alert color="green" mt="sm" role="status" data-testid="receipt-mail-queued">
          {t('vending.receipt.sent', { email: send.data.email })}
        </Alert>
      )}
    </FormCard>
  );
}
