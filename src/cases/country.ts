// The country of a phone number (ISO 3166 alpha-2), from its calling code and number plan.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export function countryOf(number: string): string | null {
  const p = parsePhoneNumberFromString(number);
  if (!p) return null;
  if (p.country) return p.country;
  // Numbers of retired plans (e.g. Mexico's mobile "1") still carry their calling code.
  const all = p.getPossibleCountries();
  return all.length > 0 ? all[0] : null;
}
