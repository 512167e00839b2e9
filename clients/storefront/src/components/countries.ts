/** The countries the shop's carriers deliver to, for address forms (ISO 3166-1 alpha-2). */
export const COUNTRIES = [
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
] as const;
