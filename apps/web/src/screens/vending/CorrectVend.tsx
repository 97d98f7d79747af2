import { Alert, Button, Card, Group, NativeSelect, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vendCorrectionReasonCodes } from '../../../../server/src/modules/prepayment/domain/vend-correction.js';
import { correctVendBody } from '../../../../server/src/modules/prepayment/domain/vend-request-schemas.js';
import { api, ApiError } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { useFieldMessages } from '../../api/use-api-error-messages.js';
import { usePermission, useSession } from '../../auth/session.js';
import { useFormat } from '../../format/format.js';
import { checkFormBody } from '../../forms/check-form-body.js';
import type { FormField } from '../../forms/form-field.js';
import { FormCard } from '../../forms/FormCard.js';
import { localizeVendingError } from './vending-errors.js';
import type { PrepaidVend } from './vending-types.js';

/**
 * Offers a back-office correction of an issued or released vend: a button that opens a form for the
 * reason code and the reason, which warns that the token cannot be recalled. The server undoes the sale in
 * the ledger, the agent's float and the debts it settled, but not in the meter.
 */
export function CorrectVend(props: { vendId: string; onCorrected: (vend: PrepaidVend) => Promise<void> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    // The form's button goes away with it, so the focus returns to the button that opened it.
    requestAnimationFrame(() => openButton.current?.focus());
  };

  if (open) return <CorrectVendForm {...props} onCancel={close} />;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('vending.correction.title')}
      </Title>
      <Text size="sm" c="gray.8" mb="xs">
        {t('vending.correction.hint')}
      </Text>
      <Button ref={openButton} variant="default" onClick={() => setOpen(true)}>
        {t('vending.correction.open')}
      </Button>
    </Card>
  );
}

function CorrectVendForm(props: {
  vendId: string;
  onCorrected: (vend: PrepaidVend) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const reasonCodeSelect = useRef<HTMLSelectElement>(null);
  const fields = {
    reasonCode: { label: t('vending.correction.reasonCode'), paths: ['reasonCode'], kind: 'choice' },
    reason: { label: t('vending.correction.reason'), paths: ['reason'] },
  } satisfies Record<string, FormField>;
  const fieldList = Object.values(fields);

  // The form replaces the button that opened it, so its first field takes the focus.
  useEffect(() => reasonCodeSelect.current?.focus(), []);

  const correct = useMutation({
    mutationFn: () => {
      const body = checkFormBody(correctVendBody, { reasonCode, reason }, { fields: fieldList, t });
      return api<PrepaidVend>(`/v1/prepaid/vends/${props.vendId}/corrections`, { method: 'POST', body });
    },
    onSuccess: props.onCorrected,
  });
  const error = localizeVendingError(correct.error, t);
  const messages = useFieldMessages(error instanceof ApiError ? error : null, fields);

  return (
    <FormCard
      title={t('vending.correction.formTitle')}
      error={error}
      fields={fieldList}
      onSubmit={() => correct.mutate()}
    >
      <Alert color="orange" variant="light" mb="sm" data-testid="correction-warning">
        {t('vending.correction.warning')}
      </Alert>
      <NativeSelect
        ref={reasonCodeSelect}
        label={fields.reasonCode.label}
        value={reasonCode}
        onChange={(event) => setReasonCode(event.currentTarget.value)}
        data={[
          { value: '', label: t('vending.correction.chooseReasonCode') },
          ...vendCorrectionReasonCodes.map((code) => ({
            value: code,
            label: t(`vending.correction.reasonCodes.${code}`),
          })),
        ]}
        required
        error={messages.reasonCode}
        w={360}
        mb="xs"
      />
      <Textarea
        label={fields.reason.label}
        description={t('vending.correction.reasonHint')}
        // Mantine's dimmed grey for descriptions has less than 4.5:1 contrast on white.
        styles={{ description: { color: 'var(--mantine-color-gray-8)' } }}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        required
        autosize
        minRows={2}
        maxLength={500}
        error={messages.reason}
        w={480}
      />
      <Group mt="sm">
        <Button type="submit" color="red.9" loading={correct.isPending}>
          {t('vending.correction.submit')}
        </Button>
        <Button variant="default" onClick={props.onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </FormCard>
  );
}

/**
 * States on a corrected vend's receipt when it was corrected, by whom, with which reason code and why.
 * The user is named by display name when it is the signed-in one or the session may read users, and
 * by id otherwise.
 */
export function VendCorrectionNotice({ vend }: { vend: PrepaidVend }) {
  const { t } = useTranslation();
  const format = useFormat();
  const correctedBy = useCorrectingUserName(vend.correction?.correctedBy ?? null);
  if (vend.correction === null) return null;
  return (
    <Alert color="red" title={t('vending.correction.corrected')} data-testid="receipt-corrected">
      <Text size="sm">{t('vending.correction.correctedAt', { at: format.dateTime(vend.reversedAt) })}</Text>
      <Text size="sm">
        {t('vending.correction.correctedBy')}: <span data-testid="corrected-by">{correctedBy}</span>
      </Text>
      <Text size="sm">
        {t('vending.correction.reasonCode')}:{' '}
        <span data-testid="correction-reason-code">
          {t(`vending.correction.reasonCodes.${vend.correction.reasonCode}`)}
        </span>
      </Text>
      <Text size="sm">
        {t('vending.correction.reason')}:{' '}
        <span data-testid="correction-reason">{vend.reversalReason ?? '—'}</span>
      </Text>
    </Alert>
  );
}

/** Returns the display name of the user who corrected a vend, or "User <id>" when it cannot be read. */
function useCorrectingUserName(userId: string | null): string {
  const { t } = useTranslation();
  const session = useSession().data;
  const mayReadUsers = usePermission('identity:read');
  const own = userId !== null && userId === session?.user.id;
  const user = useQuery({
    queryKey: ['user', userId],
    queryFn: () => api<User>(`/v1/users/${userId}`),
    enabled: userId !== null && !own && mayReadUsers,
  });
  if (own) return session.user.displayName;
  return user.data?.displayName ?? t('vending.correction.userId', { id: userId });
}
