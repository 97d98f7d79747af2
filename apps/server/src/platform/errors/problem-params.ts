/**
 * The kind of each value in a problem's `params` member: `date` is a calendar date as YYYY-MM-DD,
 * `integer` a JSON number without a fraction, and `text` a string shown as it is, such as a code.
 */
export type ProblemParamType = 'date' | 'integer' | 'text';

/** The values of a problem's `params` member, or of one field issue's, by name. */
export type ProblemParams = Record<string, string | number | boolean>;

/**
 * The `params` of each problem code that has them: the values that a client needs to word the problem's
 * message in its own language, such as the dates of a payment dated before the account opened. `detail`
 * stays in English and states the same for API users. A code listed here carries every one of its
 * params, and no other code carries any.
 */
export const problemParamTypes = {
  'AUTH.PERMISSION_MISSING': { permission: 'text' },
  'AUTH.SIGN_IN_FAILED': { lockoutMinutes: 'integer', maxFailedSignIns: 'integer' },
  'BILLING.CUT_OFF_IN_FUTURE': { cutOffOn: 'date', today: 'date' },
  'BILLING.RATE_CHECK_NO_AGREEMENT': { accountNumber: 'text', periodStart: 'date', periodEnd: 'date' },
  'HTTP.TOO_MANY_REQUESTS': { limit: 'integer', windowSeconds: 'integer', retryAfterSeconds: 'integer' },
  'PAYMENTS.CURRENCY_MISMATCH': { currency: 'text', companyCurrency: 'text' },
  'PAYMENTS.RECEIVED_ON_BEFORE_OPENING': { receivedOn: 'date', openedOn: 'date', today: 'date' },
  'PAYMENTS.RECEIVED_ON_IN_FUTURE': { receivedOn: 'date', today: 'date' },
  'PAYMENTS.REVERSAL_BEFORE_PAYMENT': { reversedOn: 'date', receivedOn: 'date' },
  'PAYMENTS.REVERSAL_IN_FUTURE': { reversedOn: 'date', today: 'date' },
  'RATES.TARIFF_CODE_TAKEN': { code: 'text' },
  'RATES.VERSION_OVERLAP': { effectiveFrom: 'date' },
} as const satisfies Record<string, Record<string, ProblemParamType>>;

/** A problem code that carries `params`. */
export type CodeWithParams = keyof typeof problemParamTypes;

type ValueOf<Type> = Type extends 'integer' ? number : string;

/** The `params` of `Code`, each value typed by its kind. */
export type ParamsOf<Code extends CodeWithParams> = {
  [Name in keyof (typeof problemParamTypes)[Code]]: ValueOf<(typeof problemParamTypes)[Code][Name]>;
};

/**
 * The trailing `params` argument of an error helper: required for a code listed in problemParamTypes
 * and absent for any other, so that the compiler rejects a helper call that leaves the values out. A
 * direct `new AppError(...)` is not checked.
 */
export type ParamsArgument<Code extends string> = Code extends CodeWithParams ? [params: ParamsOf<Code>] : [];
