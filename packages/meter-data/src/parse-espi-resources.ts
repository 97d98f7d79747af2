import type { LocalTimeParameters } from './create-local-clock.js';
import { decodeDstRule } from './decode-dst-rule.js';
import { espiCurrency, espiServiceKind, espiUnitName } from './espi-codes.js';
import type { GreenButtonReadingType, ServiceKind } from './green-button-event.js';
import type { MeterDataErrorCode, MeterDataProblem } from './meter-data-error.js';
import { parseDecimal } from './parse-decimal.js';

/** Text of one ESPI leaf element with the 1-based position where its text starts. */
export type Leaf = { text: string; line: number; column: number };

/** Leaf elements of one resource or reading by path below it, such as `timePeriod/start`, in document order. */
export type Leaves = Map<string, Leaf[]>;

export type Parsed<T> = { kind: 'parsed'; value: T } | { kind: 'invalid'; problem: MeterDataProblem };

/** An IntervalReading checked but not yet linked: numbers stay as text until the event is built. */
export type RawReading = {
  startEpochSeconds: bigint;
  durationSeconds: number;
  value: string;
  cost: string | undefined;
  quality: number[];
  line: number;
};

const INTEGER = /^-?\d+$/;

class InvalidLeaf extends Error {
  constructor(readonly problem: MeterDataProblem) {
    super(problem.message);
  }
}

/**
 * Checks an IntervalReading. ESPI times are whole UTC epoch seconds (xs:long), so a fractional `start` such
 * as `1721154384.66136` is rejected as a bad value rather than rounded: rounding would move a billing
 * period boundary by a guess.
 */
export function parseIntervalReading(
  leaves: Leaves,
  position: { line: number; column: number },
): Parsed<RawReading> {
  return attempt(() => {
    const start = required(leaves, 'timePeriod/start', position);
    if (!INTEGER.test(start.text)) {
      throw invalidLeaf(
        'INVALID_TIMESTAMP',
        'IntervalReading/timePeriod/start',
        start,
        'whole UTC epoch seconds',
      );
    }
    const duration = required(leaves, 'timePeriod/duration', position);
    const durationSeconds = INTEGER.test(duration.text) ? Number(duration.text) : 0;
    if (durationSeconds <= 0 || !Number.isSafeInteger(durationSeconds)) {
      throw invalidLeaf(
        'INVALID_NUMBER',
        'IntervalReading/timePeriod/duration',
        duration,
        'whole seconds greater than 0',
      );
    }
    const value = required(leaves, 'value', position);
    if (parseDecimal(value.text) === undefined) {
      throw invalidLeaf('INVALID_NUMBER', 'IntervalReading/value', value, 'a number');
    }
    const cost = leaves.get('cost')?.[0];
    if (cost !== undefined && parseDecimal(cost.text) === undefined) {
      throw invalidLeaf('INVALID_NUMBER', 'IntervalReading/cost', cost, 'a number');
    }
    const quality = (leaves.get('ReadingQuality/quality') ?? []).map((leaf) =>
      integer(leaf, 'IntervalReading/ReadingQuality/quality'),
    );
    return {
      startEpochSeconds: BigInt(start.text),
      durationSeconds,
      value: value.text,
      cost: cost?.text,
      quality,
      line: position.line,
    };
  });
}

export function parseServiceKind(leaves: Leaves): Parsed<ServiceKind> {
  return attempt(() => {
    const leaf = leaves.get('ServiceCategory/kind')?.[0];
    if (leaf === undefined || leaf.text === '') {
      return 'unknown';
    }
    const kind = INTEGER.test(leaf.text) ? espiServiceKind(Number(leaf.text)) : undefined;
    if (kind === undefined) {
      throw invalidLeaf(
        'INVALID_VALUE',
        'UsagePoint/ServiceCategory/kind',
        leaf,
        'a ServiceCategory kind code 0 to 9',
      );
    }
    return kind;
  });
}

export function parseLocalTimeParameters(
  leaves: Leaves,
  position: { line: number; column: number },
): Parsed<LocalTimeParameters> {
  return attempt(() => {
    const tzOffsetSeconds = integer(required(leaves, 'tzOffset', position), 'LocalTimeParameters/tzOffset');
    const dstOffset = leaves.get('dstOffset')?.[0];
    return {
      tzOffsetSeconds,
      dstOffsetSeconds: dstOffset === undefined ? 0 : integer(dstOffset, 'LocalTimeParameters/dstOffset'),
      dstStartRule: optionalRule(leaves, 'dstStartRule'),
      dstEndRule: optionalRule(leaves, 'dstEndRule'),
    };
  });
}

export function parseReadingType(leaves: Leaves, readingTypeId: string): Parsed<GreenButtonReadingType> {
  return attempt(() => {
    const optional = (name: string): number | undefined => {
      const leaf = leaves.get(name)?.[0];
      return leaf === undefined || leaf.text === '' ? undefined : integer(leaf, `ReadingType/${name}`);
    };
    const uom = optional('uom');
    return {
      kind: 'readingType',
      readingTypeId,
      uom,
      unit: espiUnitName(uom),
      powerOfTenMultiplier: optional('powerOfTenMultiplier') ?? 0,
      intervalLengthSeconds: optional('intervalLength'),
      currency: espiCurrency(optional('currency')),
      commodity: optional('commodity'),
      accumulationBehaviour: optional('accumulationBehaviour'),
      flowDirection: optional('flowDirection'),
      readingKind: optional('kind'),
    };
  });
}

function optionalRule(leaves: Leaves, name: string): ReturnType<typeof decodeDstRule> | undefined {
  const leaf = leaves.get(name)?.[0];
  if (leaf === undefined || leaf.text === '') {
    return undefined;
  }
  try {
    return decodeDstRule(leaf.text);
  } catch (error) {
    if (error instanceof RangeError) {
      throw invalidLeaf(
        'INVALID_VALUE',
        `LocalTimeParameters/${name}`,
        leaf,
        'a packed DST rule such as 360E2000',
      );
    }
    throw error;
  }
}

function required(leaves: Leaves, path: string, position: { line: number; column: number }): Leaf {
  const leaf = leaves.get(path)?.[0];
  if (leaf === undefined || leaf.text === '') {
    throw new InvalidLeaf({
      code: 'MISSING_FIELD',
      message: `The element ${path} is missing in the resource at line ${position.line}, column ${position.column}.`,
      line: position.line,
      column: position.column,
      field: path,
      value: undefined,
    });
  }
  return leaf;
}

function integer(leaf: Leaf, field: string): number {
  const value = INTEGER.test(leaf.text) ? Number(leaf.text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw invalidLeaf('INVALID_NUMBER', field, leaf, 'a whole number');
  }
  return value;
}

function invalidLeaf(code: MeterDataErrorCode, field: string, leaf: Leaf, expected: string): InvalidLeaf {
  return new InvalidLeaf({
    code,
    message: `${field} "${leaf.text}" at line ${leaf.line}, column ${leaf.column} is invalid; expected ${expected}.`,
    line: leaf.line,
    column: leaf.column,
    field,
    value: leaf.text,
  });
}

function attempt<T>(parse: () => T): Parsed<T> {
  try {
    return { kind: 'parsed', value: parse() };
  } catch (error) {
    if (error instanceof InvalidLeaf) {
      return { kind: 'invalid', problem: error.problem };
    }
    throw error;
  }
}
