/** Stable codes of the errors the rates module raises; HTTP maps them by kind, clients by code. */
export type RatesErrorCode =
  | 'RATES.TARIFF_NOT_FOUND'
  | 'RATES.TARIFF_CODE_TAKEN'
  | 'RATES.INVALID_TARIFF'
  | 'RATES.INVALID_QUERY'
  | 'RATES.INVALID_DEFINITION'
  | 'RATES.INVALID_VERSION_RANGE'
  | 'RATES.VERSION_OVERLAP'
  | 'RATES.URDB_NOT_RATEABLE';
