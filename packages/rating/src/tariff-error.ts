/**
 * Raised when a tariff document cannot be rated as written. `field` is the path of the offending field in
 * the source document (for example `energyratestructure[0][0].rate`) and `value` the value found there.
 */
export class TariffError extends Error {
  readonly field: string;
  readonly value: unknown;
  /** The import option (such as `hpDemand`) whose setting would let the document be rated, if any. */
  readonly option: string | undefined;

  constructor(field: string, value: unknown, problem: string, option?: string) {
    super(`${field}: ${problem} (found ${describeValue(value)})`);
    this.name = 'TariffError';
    this.field = field;
    this.value = value;
    this.option = option;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
