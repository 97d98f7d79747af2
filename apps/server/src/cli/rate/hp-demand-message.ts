/** Builds the message for demand priced per hp when the user has not chosen how to bill it. */
export function hpDemandMessage(field: string): string {
  return `${field}: demand is priced per hp, which a meter does not measure; choose --hp-demand as-kw (bill kW unchanged) or --hp-demand convert (kW ÷ 0.745699872).`;
}
