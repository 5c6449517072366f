// Country facts for victims: the UN M49 sub-region and the main language a warning goes out in
// (BCP 47), for the countries of the service's users. Unknown countries fall back to English.

const COUNTRY: Record<string, [region: string, language: string]> = {
  MX: ['Central America', 'es'], IN: ['Southern Asia', 'hi'], BH: ['Western Asia', 'ar'], MA: ['Northern Africa', 'ar'],
  PK: ['Southern Asia', 'ur'], ID: ['South-eastern Asia', 'id'], IL: ['Western Asia', 'he'], ES: ['Southern Europe', 'es'],
  NL: ['Western Europe', 'nl'], HU: ['Eastern Europe', 'hu'], FR: ['Western Europe', 'fr'], GB: ['Northern Europe', 'en'],
  US: ['Northern America', 'en'], AE: ['Western Asia', 'ar'], SA: ['Western Asia', 'ar'], KZ: ['Central Asia', 'kk'],
  RW: ['Eastern Africa', 'rw'], TG: ['Western Africa', 'fr'], UZ: ['Central Asia', 'uz'], QA: ['Western Asia', 'ar'],
  BR: ['South America', 'pt'], DE: ['Western Europe', 'de'], IT: ['Southern Europe', 'it'], NG: ['Western Africa', 'en'],
  TR: ['Western Asia', 'tr'], RU: ['Eastern Europe', 'ru'], EG: ['Northern Africa', 'ar'], CO: ['South America', 'es'],
  AR: ['South America', 'es'], PH: ['South-eastern Asia', 'fil'], ZA: ['Southern Africa', 'en'], KE: ['Eastern Africa', 'sw'],
  UA: ['Eastern Europe', 'uk'], PL: ['Eastern Europe', 'pl'], MY: ['South-eastern Asia', 'ms'], CL: ['South America', 'es'],
  PE: ['South America', 'es'], DZ: ['Northern Africa', 'ar'], GH: ['Western Africa', 'en'], LB: ['Western Asia', 'ar'],
  JO: ['Western Asia', 'ar'], TN: ['Northern Africa', 'ar'], CA: ['Northern America', 'en'], AU: ['Australia and New Zealand', 'en'],
  BD: ['Southern Asia', 'bn'], CY: ['Western Asia', 'el'], BG: ['Eastern Europe', 'bg'],
};

export function regionOf(country: string | null): string | null {
  return country && Object.hasOwn(COUNTRY, country) ? COUNTRY[country][0] : null;
}

export function languageOf(country: string | null): string {
  return country && Object.hasOwn(COUNTRY, country) ? COUNTRY[country][1] : 'en';
}
