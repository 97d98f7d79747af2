import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]": credentials in request headers and in any logged object, and
 * personal data (emails, phone numbers, IBANs) at the top level and up to two levels deep.
 */
export const redactedPaths: string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...[
    'token',
    'apiKey',
    'secret',
    'password',
    'newPassword',
    'totpCode',
    'csrfToken',
    'signingSecret',
    'email',
    'phone',
    'mobile',
    'iban',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export type LoggerOptions = {
  level: string;
  /** Where log lines go; standard output when omitted. */
  destination?: DestinationStream;
};

/** Creates the process logger: JSON lines, redacted, with `err` serialised with its stack. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}
