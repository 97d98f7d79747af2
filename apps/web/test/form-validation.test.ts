import i18next, { type TFunction } from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBillRunBody } from '../../server/src/modules/billing/domain/bill-request-schemas.js';
import { reversePaymentBody } from '../../server/src/modules/payments/domain/payment-request-schema.js';
import { ApiError } from '../src/api/client.js';
import { toDecimalPoint } from '../src/format/amounts.js';
import { todayIn } from '../src/format/today.js';
import { checkFormBody } from '../src/forms/check-form-body.js';
import { findFieldOfPath, listUnplacedErrors, mapFieldMessages } from '../src/forms/form-field.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';

const cycleId = '0f8b5a52-0a5b-4c8e-9d2e-2a6f0b0d3c11';

let translations: Record<'en' | 'es', TFunction>;

beforeAll(async () => {
  const load = async (language: 'en' | 'es') => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, es: { translation: es } },
      lng: language,
      interpolation: { escapeValue: false },
    });
    return instance.t;
  };
  translations = { en: await load('en'), es: await load('es') };
});

/** Runs `check` and returns the ApiError it throws. */
function catchApiError(check: () => unknown): ApiError {
  try {
    check();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('The body was accepted.');
}

describe('findFieldOfPath', () => {
  const energy = { label: 'Energy', paths: ['usage', 'usage.registers.0'] };
  const demand = { label: 'Demand', paths: ['usage.registers.1'] };

  it('picks the longest covering path', () => {
    expect(findFieldOfPath([energy, demand], 'usage.registers.1.quantity')).toBe(demand);
    expect(findFieldOfPath([energy, demand], 'usage.registers.0.quantity')).toBe(energy);
    expect(findFieldOfPath([energy, demand], 'usage.registers')).toBe(energy);
  });

  it('matches whole path segments only', () => {
    expect(findFieldOfPath([demand], 'usage.registers.10')).toBeUndefined();
    expect(findFieldOfPath([energy, demand], 'periodStart')).toBeUndefined();
  });
});

describe('mapFieldMessages and listUnplacedErrors', () => {
  const fields = {
    document: { label: 'URDB rate JSON', paths: ['document'] },
    code: { label: 'Code', paths: ['code'] },
  };
  const error = new ApiError(422, 'The URDB rate cannot be billed as published', 'RATES.URDB_NOT_RATEABLE', [
    { path: 'document.energyratestructure', message: 'the rate has no energy charges' },
    { path: 'hpDemand', message: 'set this option to rate the document' },
  ]);

  it('places a message below a field path', () => {
    expect(mapFieldMessages(error, fields)).toEqual({ document: 'the rate has no energy charges' });
  });

  it('lists the messages no field shows', () => {
    expect(listUnplacedErrors(error, Object.values(fields))).toEqual([
      { path: 'hpDemand', message: 'set this option to rate the document' },
    ]);
  });
});

describe('checkFormBody', () => {
  const billRunFields = [
    { label: 'Bill cycle', paths: ['billCycleId'], kind: 'choice' as const },
    { label: 'Cut-off date', paths: ['cutOffOn'] },
  ];

  it('returns the parsed body with defaults', () => {
    const body = checkFormBody(
      startBillRunBody,
      { billCycleId: cycleId, cutOffOn: '2026-01-31' },
      { fields: billRunFields, t: translations.en },
    );
    expect(body).toEqual({ billCycleId: cycleId, cutOffOn: '2026-01-31', issueBills: true });
  });

  it('words a missing field in each language', () => {
    const body = { billCycleId: '', cutOffOn: '', issueBills: true };
    const english = catchApiError(() =>
      checkFormBody(startBillRunBody, body, { fields: billRunFields, t: translations.en }),
    );
    expect(english.status).toBe(400);
    expect(english.message).toBe('Some fields are invalid: see the message next to each one.');
    expect(english.fieldErrors).toEqual([
      { path: 'billCycleId', message: 'Bill cycle: choose one of the options in the list.' },
      { path: 'cutOffOn', message: 'Cut-off date is required: fill it in.' },
    ]);

    const spanish = catchApiError(() =>
      checkFormBody(startBillRunBody, body, {
        fields: [{ label: 'Fecha de corte', paths: ['cutOffOn'] }],
        t: translations.es,
      }),
    );
    expect(spanish.fieldMessage('cutOffOn')).toBe('Falta «Fecha de corte»: rellene este campo.');
  });

  it('quotes an invalid date', () => {
    const error = catchApiError(() =>
      checkFormBody(
        startBillRunBody,
        { billCycleId: cycleId, cutOffOn: '2026-02-30' },
        { fields: billRunFields, t: translations.en },
      ),
    );
    expect(error.fieldMessage('cutOffOn')).toBe(
      'Cut-off date: "2026-02-30" is not a date. Pick one, or type it as YYYY-MM-DD.',
    );
  });

  it('counts the characters of a long text', () => {
    const error = catchApiError(() =>
      checkFormBody(
        reversePaymentBody,
        { reason: 'x'.repeat(501) },
        { fields: [{ label: 'Motivo', paths: ['reason'] }], t: translations.es },
      ),
    );
    expect(error.fieldMessage('reason')).toBe('«Motivo» tiene 501 caracteres: acórtelo a 500 como máximo.');
  });

  it('labels an issue outside every field with its path', () => {
    const error = catchApiError(() =>
      checkFormBody(
        reversePaymentBody,
        { reason: 'Entered twice', reversedOn: 'tomorrow' },
        { fields: [{ label: 'Reason', paths: ['reason'] }], t: translations.en },
      ),
    );
    expect(error.fieldMessage('reversedOn')).toBe(
      'reversedOn: "tomorrow" is not a date. Pick one, or type it as YYYY-MM-DD.',
    );
  });

  it('reports the form checks with the schema issues', () => {
    const error = catchApiError(() =>
      checkFormBody(
        reversePaymentBody,
        { reason: '' },
        {
          fields: [{ label: 'Reason', paths: ['reason'] }],
          t: translations.en,
          formErrors: [{ path: 'paymentId', message: 'No such payment.' }],
        },
      ),
    );
    expect(error.fieldErrors.map((fieldError) => fieldError.path)).toEqual(['paymentId', 'reason']);
  });

  it('uses the form wording first', () => {
    const error = catchApiError(() =>
      checkFormBody(
        reversePaymentBody,
        { reason: '' },
        {
          fields: [{ label: 'Reason', paths: ['reason'] }],
          t: translations.en,
          describe: (issue, field) => `${field.label} needs words (${issue.code}).`,
        },
      ),
    );
    expect(error.fieldMessage('reason')).toBe('Reason needs words (too_small).');
  });
});

describe('toDecimalPoint', () => {
  it.each([
    ['1234,5', '1234.5'],
    [' 12.75 ', '12.75'],
    ['1.234,5', '1.234,5'],
    ['abc', 'abc'],
  ])('turns %j into %j', (typed, sent) => {
    expect(toDecimalPoint(typed)).toBe(sent);
  });
});

describe('todayIn', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes the date of the time zone, not UTC', () => {
    vi.useFakeTimers({ now: new Date('2026-03-08T03:30:00Z') });
    expect(todayIn('America/New_York')).toBe('2026-03-07');
    expect(todayIn('UTC')).toBe('2026-03-08');
    expect(todayIn('Asia/Tokyo')).toBe('2026-03-08');
  });
});
