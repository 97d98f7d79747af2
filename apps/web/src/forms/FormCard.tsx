import { Card, Title } from '@mantine/core';
import { useId, type FormEvent, type ReactNode } from 'react';
import { FormError } from '../components/states.js';
import type { FormField } from './form-field.js';
import { useFocusInvalidField } from './use-focus-invalid-field.js';

export type FormCardProps = {
  title: string;
  /** The error of the last submission, shown next to its fields or in the alert under the title. */
  error: unknown;
  /** The fields on screen. A message that belongs to none of them shows in the alert. */
  fields: readonly FormField[];
  onSubmit: () => void;
  children: ReactNode;
};

/**
 * Frames a screen's form in a card with its title and its alert. The form skips the browser's own
 * checks, whose bubbles are not translated and would hide the schema's messages. After a failed
 * submission the first invalid field takes the focus.
 */
export function FormCard({ title, error, fields, onSubmit, children }: FormCardProps) {
  const titleId = useId();
  const formRef = useFocusInvalidField<HTMLFormElement>(error);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <Card withBorder component="form" ref={formRef} onSubmit={submit} noValidate aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {title}
      </Title>
      <FormError error={error} fields={fields} />
      {children}
    </Card>
  );
}
