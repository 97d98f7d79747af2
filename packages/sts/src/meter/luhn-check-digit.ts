/**
 * Computes the Luhn (mod 10) check digit of a string of decimal digits. Every other digit is doubled,
 * starting with the rightmost, and the digits of the results are summed. The check digit brings the total
 * to a multiple of 10.
 */
export function computeLuhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
