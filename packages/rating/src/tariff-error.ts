/**
 * Raised when a tariff document cannot be rated as written. `field` is the path of the offending field in
 * the source document (for example `energyratestructure[0][0].rate`) and `value` the value found there.
 */
export class TariffError extends Error {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, problem: string) {
    super(`${field}: ${problem} (found ${describeValue(value)})`);
    this.name = 'TariffError';
    this.field = field;
    this.value = value;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
