import { Decimal } from 'decimal.js';
import type { GasConversionDefinition } from '@open-cis/rating';
import { findCubicMetresPerUnit, vendableVolumeUnits } from './volume-units.js';

/**
 * The conversion of a tariff's prices and block limits, published per `tariffUnit`, to prices and limits
 * per cubic metre, the unit of STS water and gas credit. `text` states the factor for the receipt's trace.
 */
export type TariffUnitConversion = {
  tariffUnit: string;
  /** Returns the price per m³ of a price per tariff unit. */
  convertPrice: (price: Decimal) => Decimal;
  /** Returns the m³ of a quantity in tariff units, unrounded. */
  convertQuantity: (quantity: Decimal) => Decimal;
  text: string;
};

const megajoulesPerKwh = new Decimal('3.6');

/**
 * Returns the conversion of a volume unit to m³, or a reason naming the units that convert. A price per
 * unit is divided by the m³ in one unit, which is exact for m³, kL, L and ML. For ft³ and gallons the
 * quotient is rounded to decimal.js's 20 significant digits, far below a minor unit on any purchase.
 */
export function convertVolumeUnit(unit: string): TariffUnitConversion | { reason: string } {
  const cubicMetres = findCubicMetresPerUnit(unit);
  if (cubicMetres === undefined) {
    return {
      reason: `volume unit ${unit} cannot be converted to m3, the unit of STS credit; use one of ${vendableVolumeUnits.join(', ')}`,
    };
  }
  return {
    tariffUnit: unit,
    convertPrice: (price) => price.div(cubicMetres),
    convertQuantity: (quantity) => quantity.times(cubicMetres),
    text: `1 ${unit} = ${cubicMetres.toFixed()} m3`,
  };
}

/**
 * Returns the conversion of a gas tariff's kWh to m³ by its gas conversion. One m³ contains volume
 * correction factor × calorific value kWh (a calorific value in MJ/m³ divided by 3.6 MJ/kWh), as the
 * rating engine bills a gas meter's m³. A price per m³ is the price per kWh times that energy, with the
 * division by 3.6 done last so that a calorific value in kWh/m³ stays exact.
 */
export function convertGasEnergy(conversion: GasConversionDefinition): TariffUnitConversion {
  const factor = new Decimal(conversion.volumeCorrectionFactor);
  const calorific = new Decimal(conversion.calorificValue);
  const perMegajoule = conversion.calorificValueUnit === 'MJ/m3';
  // Multiplies by the kWh in one m³: a volume in m³ gives its kWh, and a price per kWh the price per m³.
  const timesKwhPerCubicMetre = (value: Decimal) => {
    const product = value.times(factor).times(calorific);
    return perMegajoule ? product.div(megajoulesPerKwh) : product;
  };
  const kwhInOne = timesKwhPerCubicMetre(new Decimal(1));
  return {
    tariffUnit: 'kWh',
    convertPrice: timesKwhPerCubicMetre,
    convertQuantity: (quantity) => quantity.div(kwhInOne),
    text:
      `1 m3 = ${kwhInOne.toSignificantDigits(6).toFixed()} kWh (volume correction factor ${conversion.volumeCorrectionFactor}` +
      ` × calorific value ${conversion.calorificValue} ${conversion.calorificValueUnit}${perMegajoule ? ' ÷ 3.6 MJ/kWh' : ''})`,
  };
}
