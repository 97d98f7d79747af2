import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../server/src/platform/config/repository-root.js';
import { problemParamTypes } from '../../server/src/platform/errors/problem-params.js';
import { ApiError } from '../src/api/client.js';
import {
  describeApiError,
  describeFieldError,
  messageValuesOfEveryProblem,
  problemMessageKey,
  type ProblemFormat,
} from '../src/api/problem-messages.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';

type Catalog = Record<string, Record<string, string>>;

const catalogs = { en: en.problems as Catalog, es: es.problems as Catalog };

/** Lists every code of a catalog, such as PAYMENTS.ACCOUNT_NOT_FOUND. */
function codesOf(catalog: Catalog): string[] {
  return Object.entries(catalog).flatMap(([module, messages]) =>
    Object.keys(messages).map((name) => `${module}.${name}`),
  );
}

/** Lists the names in braces of a message, such as receivedOn in "{{receivedOn}}". */
function valueNames(message: string): string[] {
  return [...message.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1] ?? '');
}

/** Reads the text of every TypeScript file of the server's source. */
async function readServerSource(): Promise<string> {
  const root = path.join(repositoryRoot, 'apps/server/src');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
  const texts = await Promise.all(
    files.map((file) => readFile(path.join(file.parentPath, file.name), 'utf8')),
  );
  return texts.join('\n');
}

const paramTypes: Partial<Record<string, Record<string, string>>> = problemParamTypes;

describe('problem catalogs', () => {
  it('have the same codes in both languages', () => {
    expect(codesOf(catalogs.es).sort()).toEqual(codesOf(catalogs.en).sort());
  });

  it('use only the params of their code', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      for (const code of codesOf(catalog)) {
        const [module = '', name = ''] = code.split('.');
        const allowed = [...Object.keys(paramTypes[code] ?? {}), ...messageValuesOfEveryProblem];
        for (const value of valueNames(catalog[module]?.[name] ?? '')) {
          expect(allowed, `${language} ${code} uses {{${value}}}`).toContain(value);
        }
      }
    }
  });

  it('word every code that has params', () => {
    for (const code of Object.keys(problemParamTypes)) {
      expect(problemMessageKey(code), code).toBe(`problems.${code}`);
    }
  });

  it('name only codes the server throws', async () => {
    const source = await readServerSource();
    for (const code of codesOf(catalogs.en)) {
      expect(source.includes(`'${code}'`), code).toBe(true);
    }
  });
});

describe('describeApiError', () => {
  let t: TFunction;
  const format: ProblemFormat = {
    date: (value) => `date ${value ?? ''}`,
    number: (value) => `number ${value}`,
  };

  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, es: { translation: es } },
      lng: 'es',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
    t = instance.t;
  });

  function beforeOpening(params?: Record<string, string>) {
    return new ApiError(
      422,
      'receivedOn 1999-01-01 is before account a opened on 2026-01-05',
      'PAYMENTS.RECEIVED_ON_BEFORE_OPENING',
      [{ path: 'receivedOn', message: 'Expected a date from 2026-01-05 to 2026-03-01, got 1999-01-01.' }],
      params ? { params } : {},
    );
  }

  it('words a code with its formatted params', () => {
    const error = beforeOpening({ receivedOn: '1999-01-01', openedOn: '2026-01-05', today: '2026-03-01' });

    expect(describeApiError(error, t, format)).toBe(
      'La fecha de cobro, date 1999-01-01, es anterior a la apertura de la cuenta, el date 2026-01-05: indique el día en que llegó el dinero, entre el date 2026-01-05 y el date 2026-03-01.',
    );
  });

  it('keeps the detail without params', () => {
    expect(describeApiError(beforeOpening(), t, format)).toBe(beforeOpening().message);
  });

  it('keeps the detail of an unknown code', () => {
    const error = new ApiError(422, 'Tariff x cannot rate this request.', 'BILLING.RATE_CHECK_UNRATED', []);

    expect(describeApiError(error, t, format)).toBe('Tariff x cannot rate this request.');
  });

  it('formats integers and quotes the request id', () => {
    const limited = new ApiError(429, 'Rate limit', 'HTTP.TOO_MANY_REQUESTS', [], {
      params: { limit: 30, windowSeconds: 60, retryAfterSeconds: 12 },
    });
    const failed = new ApiError(500, 'The server failed', 'HTTP.INTERNAL_ERROR', [], { requestId: 'req-7' });

    expect(describeApiError(limited, t, format)).toBe(
      'Demasiadas peticiones: el límite es de number 30 cada number 60 s. Vuelva a intentarlo dentro de number 12 s.',
    );
    expect(describeApiError(failed, t, format)).toContain('req-7');
  });
});

describe('describeFieldError', () => {
  let t: TFunction;
  const format: ProblemFormat = { date: (value) => value ?? '', number: String };
  const reference = { label: 'Referencia', paths: ['reference'] };

  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { es: { translation: es } },
      lng: 'es',
      interpolation: { escapeValue: false },
    });
    t = instance.t;
  });

  function validationError(fieldError: ConstructorParameters<typeof ApiError>[3][number]) {
    return new ApiError(400, 'The request has invalid fields', 'HTTP.VALIDATION_FAILED', [fieldError]);
  }

  it('words a missing value like the form', () => {
    const fieldError = {
      path: 'reference',
      message: 'missing',
      code: 'invalid_type',
      params: { missing: true },
    };

    expect(describeFieldError(validationError(fieldError), fieldError, reference, t, format)).toBe(
      'Falta «Referencia»: rellene este campo.',
    );
  });

  it('words a quoted query value like the form', () => {
    const fieldError = {
      path: 'query.receivedOnFrom',
      message: '2026-02-30 is not a valid date: February 2026 has 28 days',
      code: 'invalid_format',
      params: { format: 'date', input: '2026-02-30' },
    };
    const field = { label: 'receivedOnFrom', paths: ['query.receivedOnFrom'] };

    expect(describeFieldError(validationError(fieldError), fieldError, field, t, format)).toBe(
      '«receivedOnFrom»: «2026-02-30» no es una fecha. Elíjala o escríbala como AAAA-MM-DD.',
    );
  });

  it('keeps a body issue whose value it lacks', () => {
    const fieldError = {
      path: 'reference',
      message: 'Too big: expected string to have <=140 characters',
      code: 'too_big',
      params: { origin: 'string', maximum: 140 },
    };

    expect(describeFieldError(validationError(fieldError), fieldError, reference, t, format)).toBe(
      fieldError.message,
    );
  });

  it('keeps an issue of a field the form lacks', () => {
    const fieldError = {
      path: 'currency',
      message: 'missing',
      code: 'invalid_type',
      params: { missing: true },
    };

    expect(describeFieldError(validationError(fieldError), fieldError, undefined, t, format)).toBe('missing');
  });

  it('shows the message of a rule violation', () => {
    const fieldError = { path: 'cutOffOn', message: '2099-01-31 is after today, 2026-03-01' };
    const error = new ApiError(
      422,
      'The cut-off date is after today',
      'BILLING.CUT_OFF_IN_FUTURE',
      [fieldError],
      {
        params: { cutOffOn: '2099-01-31', today: '2026-03-01' },
      },
    );

    expect(describeFieldError(error, fieldError, undefined, t, format)).toBe(
      'La fecha de corte, 2099-01-31, es posterior a hoy (2026-03-01): elija una fecha que no pase de hoy.',
    );
  });

  it('keeps a field message of a validation code', () => {
    const fieldError = { path: 'reason', message: 'Expected a reason of 1 to 500 characters, got 0.' };
    const error = new ApiError(400, 'Invalid payment reversal', 'PAYMENTS.INVALID_REVERSAL', [fieldError]);

    expect(describeFieldError(error, fieldError, reference, t, format)).toBe(fieldError.message);
  });
});
