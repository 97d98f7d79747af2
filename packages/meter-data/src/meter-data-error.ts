/** Stable codes for every way a meter-data file can be rejected. */
export type MeterDataErrorCode =
  | 'INVALID_HEADER'
  | 'MISSING_FIELD'
  | 'INVALID_NUMBER'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_UNIT'
  | 'INVALID_QUALITY'
  | 'INVALID_VALUE'
  | 'NONEXISTENT_LOCAL_TIME'
  | 'INTERVAL_GAP'
  | 'INTERVAL_OVERLAP'
  | 'OUT_OF_ORDER'
  | 'TOO_FEW_ROWS'
  | 'MALFORMED_CSV'
  | 'MALFORMED_XML'
  | 'UNLINKED_RESOURCE'
  | 'TOO_MANY_UNLINKED_READINGS';

/**
 * Position and content of one rejected value. `line` and `column` are 1-based. In a CSV file `column` is the
 * field's ordinal and `field` its header name; in XML `column` is the character column and `field` the
 * element path.
 */
export type MeterDataProblem = {
  code: MeterDataErrorCode;
  message: string;
  line: number;
  column: number | undefined;
  field: string | undefined;
  value: string | undefined;
};

/** Error thrown by the readers when a file cannot be read on, or when the caller asked to abort on a bad row. */
export class MeterDataError extends Error {
  readonly code: MeterDataErrorCode;
  readonly line: number;
  readonly column: number | undefined;
  readonly field: string | undefined;
  readonly value: string | undefined;

  constructor(problem: MeterDataProblem) {
    super(problem.message);
    this.name = 'MeterDataError';
    this.code = problem.code;
    this.line = problem.line;
    this.column = problem.column;
    this.field = problem.field;
    this.value = problem.value;
  }

  toProblem(): MeterDataProblem {
    return {
      code: this.code,
      message: this.message,
      line: this.line,
      column: this.column,
      field: this.field,
      value: this.value,
    };
  }
}
