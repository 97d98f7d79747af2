import { useEffect, useRef } from 'react';

/**
 * Moves the focus to the first invalid field of the form when a submission fails, so a keyboard or
 * screen reader user lands on the field and hears its message. Returns the ref for the form element.
 */
export function useFocusInvalidField<Element extends HTMLElement>(error: unknown) {
  const formRef = useRef<Element>(null);
  useEffect(() => {
    if (!error) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  return formRef;
}
