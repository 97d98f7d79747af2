import { Decimal } from 'decimal.js';
import { invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import type { Meter } from './meter.js';

export type MatchedRead = { registerId: string; value: string };

/**
 * Pairs the reads taken at an installation or removal with the meter's registers by code. Every
 * consumption register needs a read (it is where consumption starts or stops), and a value must fit on
 * the register's dials. Throws a validation error that lists every problem.
 */
export function matchFieldReads(
  meter: Meter,
  reads: { registerCode: string; value: string }[],
  field: string,
): MatchedRead[] {
  const issues: FieldIssue[] = [];
  const byCode = new Map(meter.registers.map((register) => [register.code, register]));
  const seen = new Set<string>();
  const matched: MatchedRead[] = [];

  reads.forEach((read, index) => {
    const register = byCode.get(read.registerCode);
    if (!register) {
      issues.push({
        path: `${field}.${index}.registerCode`,
        message: `meter ${meter.serialNumber} has no register "${read.registerCode}" (it has ${[...byCode.keys()].join(', ')})`,
      });
      return;
    }
    if (seen.has(register.code)) {
      issues.push({ path: `${field}.${index}.registerCode`, message: `repeats register "${register.code}"` });
      return;
    }
    seen.add(register.code);
    const rollover = new Decimal(10).pow(register.dials);
    if (new Decimal(read.value).greaterThanOrEqualTo(rollover)) {
      issues.push({
        path: `${field}.${index}.value`,
        message: `${read.value} does not fit on ${register.dials} dials; the register shows at most ${rollover.minus(1).toString()}`,
      });
      return;
    }
    matched.push({ registerId: register.id, value: read.value });
  });

  for (const register of meter.registers) {
    if (register.kind === 'consumption' && !seen.has(register.code)) {
      issues.push({
        path: field,
        message: `needs a read of register "${register.code}" of meter ${meter.serialNumber}`,
      });
    }
  }
  if (issues.length > 0) {
    throw invalidInput(
      'DEVICES.INVALID_READS',
      `Invalid reads for meter ${meter.serialNumber}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`,
      issues,
    );
  }
  return matched;
}
