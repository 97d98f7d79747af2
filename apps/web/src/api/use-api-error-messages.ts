import { useTranslation } from 'react-i18next';
import { mapFieldMessages, type FormField } from '../forms/form-field.js';
import { useFormat } from '../format/format.js';
import type { ApiError, FieldError } from './client.js';
import { describeApiError, describeFieldError } from './problem-messages.js';

/** Returns describeApiError and describeFieldError bound to the user's language and locale. */
export function useApiErrorMessages() {
  const { t } = useTranslation();
  const format = useFormat();
  return {
    describe: (error: ApiError) => describeApiError(error, t, format),
    describeField: (error: ApiError, fieldError: FieldError, field?: FormField) =>
      describeFieldError(error, fieldError, field, t, format),
  };
}

/** Returns the first message of `error` for each of `fields`, in the user's language (mapFieldMessages). */
export function useFieldMessages<Name extends string>(
  error: ApiError | null,
  fields: Record<Name, FormField>,
): Partial<Record<Name, string>> {
  const { describeField } = useApiErrorMessages();
  return mapFieldMessages(error, fields, describeField);
}
