import { z } from 'zod';

/** Amounts travel as strings of minor units ("12345" is 123.45 EUR), never as JSON numbers. */
export const minorAmount = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Amount in minor units of the currency, as a string');

/** An amount in major units with the decimals of its currency ("123.45" EUR, "12345" JPY). */
export const decimalAmount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Amount in major units with the decimals of the currency, as a string');
