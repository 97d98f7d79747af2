import type { SeededRandom } from './seeded-random.js';

// Typical shape of a Georgia home's monthly use (1 = the yearly average), January first: air
// conditioning peaks in July and August, electric heat gives a smaller peak in January, and spring and
// autumn are mild. These factors are a demo assumption, not measured data.
const SEASONAL_FACTOR = [1.15, 1.05, 0.85, 0.75, 0.85, 1.1, 1.35, 1.35, 1.1, 0.8, 0.85, 1.05];

/**
 * Returns whole kWh used in each calendar month (index 0 = January) by a home whose yearly average is
 * `averageKwh` per month, with ±8 % month-to-month noise.
 */
export function computeMonthlyConsumption(random: SeededRandom, averageKwh: number): number[] {
  return SEASONAL_FACTOR.map((factor) =>
    Math.max(40, Math.round(averageKwh * factor * (0.92 + random.next() * 0.16))),
  );
}
