import { parseTariffDefinition, TariffError, type TariffDefinition } from '@open-cis/rating';
import { AppError, invalidInput } from '../../../platform/errors/app-error.js';
import type { RatesErrorCode } from '../domain/rates-error-code.js';

/**
 * Validates the definition of one tariff version with the rating engine's parser and returns its canonical
 * form. A rejected document raises a validation AppError whose field path starts at `fieldPrefix`.
 */
export function parseVersionDefinition(document: unknown, fieldPrefix = 'definition'): TariffDefinition {
  let definition: TariffDefinition;
  try {
    definition = parseTariffDefinition(document);
  } catch (error) {
    if (error instanceof TariffError) throw definitionError('RATES.INVALID_DEFINITION', fieldPrefix, error);
    throw error;
  }
  if (definition.versions.length !== 1) {
    throw invalidInput(
      'RATES.INVALID_DEFINITION',
      `The definition has ${definition.versions.length} versions; a tariff version stores exactly one, so add each as its own tariff version.`,
      [{ path: `${fieldPrefix}.versions`, message: 'expected exactly one version' }],
    );
  }
  return definition;
}

/** Turns a TariffError into an AppError naming the field under `fieldPrefix`. */
export function definitionError(code: RatesErrorCode, fieldPrefix: string, error: TariffError): AppError {
  const path = error.field === '' ? fieldPrefix : `${fieldPrefix}.${error.field}`;
  const kind = code === 'RATES.URDB_NOT_RATEABLE' ? 'rule-violation' : 'validation';
  const summary =
    code === 'RATES.URDB_NOT_RATEABLE'
      ? 'The URDB rate cannot be billed as published'
      : 'The tariff definition is invalid';
  const fields = [{ path, message: error.message }];
  // An import option that would make the document rateable is named too, so the caller knows what to set.
  if (error.option !== undefined)
    fields.push({ path: error.option, message: 'set this option to rate the document' });
  return new AppError(kind, code, `${summary}: ${error.message}`, fields);
}
