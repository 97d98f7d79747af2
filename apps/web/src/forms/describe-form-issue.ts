import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FormField } from './form-field.js';

// A pasted document can be long, and a message quotes only its start.
const maxQuotedLength = 40;

/**
 * Describes a zod issue of the server's schema as a message in the user's language. The message names the
 * field, quotes the value unless the field is secret, and states what to enter.
 */
export function describeFormIssue(issue: z.core.$ZodIssue, field: FormField, t: TFunction): string {
  const label = field.label;
  const input = issue.input;
  if (input === undefined || input === '')
    return t(field.kind === 'choice' ? 'form.choose' : 'form.required', { field: label });
  if (issue.code === 'too_big' && typeof input === 'string')
    return t('form.tooLong', { field: label, length: input.length, maximum: String(issue.maximum) });
  if (issue.code === 'too_small' && typeof input === 'string')
    return t('form.tooShort', { field: label, length: input.length, minimum: String(issue.minimum) });
  if (field.kind === 'choice' || issue.code === 'invalid_value') return t('form.choose', { field: label });
  if (field.kind === 'secret') return t('form.invalidSecret', { field: label });
  if (issue.code === 'invalid_format' && issue.format === 'date')
    return t('form.invalidDate', { field: label, value: quote(input) });
  return t('form.invalid', { field: label, value: quote(input) });
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > maxQuotedLength ? `${text.slice(0, maxQuotedLength - 1)}…` : text;
}
