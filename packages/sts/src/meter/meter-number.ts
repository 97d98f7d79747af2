import { reject, type Rejection } from '../rejection.js';
import { computeLuhnCheckDigit } from './luhn-check-digit.js';

/**
 * Builds the 18-digit meter primary account number (PAN) from the IIN, the DRN and the Luhn check digit of
 * the two.
 * The IIN is 6 digits (600727) with an 11-digit DRN, or 4 digits (0000) with a 13-digit DRN. The last digit
 * of the DRN is its own Luhn check digit. Returns the PAN or the reasons the number is invalid.
 */
export function computeMeterPan(iin: string, drn: string): { pan: string } | { rejections: Rejection[] } {
  if (!/^(\d{4}|\d{6})$/.test(iin)) {
    return {
      rejections: [
        reject(
          'invalid-meter-number',
          'iin',
          iin,
          `IIN "${iin}" must be 6 digits (600727) or 4 digits (0000).`,
        ),
      ],
    };
  }
  const drnLength = 17 - iin.length;
  if (!new RegExp(`^\\d{${drnLength}}$`).test(drn)) {
    return {
      rejections: [
        reject(
          'invalid-meter-number',
          'drn',
          drn,
          `DRN "${drn}" must be ${drnLength} digits with IIN ${iin}; check the number on the meter.`,
        ),
      ],
    };
  }
  const expected = computeLuhnCheckDigit(drn.slice(0, -1));
  if (Number(drn.at(-1)) !== expected) {
    return {
      rejections: [
        reject(
          'invalid-check-digit',
          'drn',
          drn,
          `DRN "${drn}" ends in ${drn.at(-1)}, but the Luhn check digit of ${drn.slice(0, -1)} is ${expected}; the number is mistyped.`,
        ),
      ],
    };
  }
  const digits = iin + drn;
  return { pan: digits + String(computeLuhnCheckDigit(digits)) };
}

/** Checks an 18-digit meter PAN: its length and its Luhn check digit. */
export function findPanRejections(pan: string): Rejection[] {
  if (!/^\d{18}$/.test(pan)) {
    return [
      reject(
        'invalid-meter-number',
        'pan',
        pan,
        `PAN "${pan}" has ${pan.length} characters; a meter PAN is 18 digits: IIN 600727 and an 11-digit DRN, or IIN 0000 and a 13-digit DRN, then a check digit.`,
      ),
    ];
  }
  const expected = computeLuhnCheckDigit(pan.slice(0, 17));
  if (Number(pan[17]) !== expected) {
    return [
      reject(
        'invalid-check-digit',
        'pan',
        pan,
        `PAN "${pan}" ends in ${pan[17]}, but the Luhn check digit of ${pan.slice(0, 17)} is ${expected}; the number is mistyped.`,
      ),
    ];
  }
  return [];
}
