import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { localizeVendingError } from '../src/screens/vending/vending-errors.js';

describe('localizeVendingError', () => {
  const translations: Partial<Record<'en' | 'es', TFunction>> = {};

  beforeAll(async () => {
    for (const language of ['en', 'es'] as const) {
      const instance = i18next.createInstance();
      await instance.init({
        resources: { en: { translation: en }, es: { translation: es } },
        lng: language,
        interpolation: { escapeValue: false },
      });
      translations[language] = instance.t;
    }
  });

  it('words a service mismatch', () => {
    const problem = new ApiError(
      422,
      'Meter 600727000000000009 measures water, but tariff version v of its prepaid agreement a prices electricity: put the agreement on a water tariff.',
      'PREPAYMENT.SERVICE_MISMATCH',
      [{ path: 'tariff.definition.service', message: 'expected water, got electricity' }],
    );
    const english = localizeVendingError(problem, translations.en!) as ApiError;
    expect(english.message).toBe(en.vending.errors.serviceMismatch);
    expect(english.fieldErrors).toEqual([
      { path: 'tariff.definition.service', message: en.vending.errors.serviceMismatch },
    ]);
    const spanish = localizeVendingError(problem, translations.es!) as ApiError;
    expect(spanish.message).toBe(es.vending.errors.serviceMismatch);
  });

  it('words a tariff that cannot be sold', () => {
    const problem = new ApiError(
      422,
      'Tariff version v cannot price a purchase: gas credit is sold in m3.',
      'PREPAYMENT.TARIFF_NOT_VENDABLE',
      [],
    );
    expect((localizeVendingError(problem, translations.es!) as ApiError).message).toBe(
      es.vending.errors.tariffNotVendable,
    );
  });

  it('words the correction problems', () => {
    const needsUser = new ApiError(
      403,
      'A back-office correction must be made by a signed-in staff user; API keys cannot correct vends.',
      'PREPAYMENT.CORRECTION_NEEDS_USER',
      [],
    );
    expect((localizeVendingError(needsUser, translations.en!) as ApiError).message).toBe(
      en.vending.errors.correctionNeedsUser,
    );
    const keyChange = new ApiError(
      409,
      'Vend v carried a key change for meter 600727000000000009 and was released.',
      'PREPAYMENT.KEY_CHANGE_RELEASED',
      [],
    );
    expect((localizeVendingError(keyChange, translations.es!) as ApiError).message).toBe(
      es.vending.errors.keyChangeReleased,
    );
  });
});
