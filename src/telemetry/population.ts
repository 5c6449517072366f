// The generated population: accounts with valid numbers in 45 countries, each with a client build,
// a home address on a carrier network, and a kind (ordinary, old build, beta tester, business).
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { compareVersions, clientString, type Release } from './releases.ts';
import { cumulative, type Rng } from './rng.ts';

export interface Country {
  iso: CountryCode;
  /** Share of the service's users (relative). */
  weight: number;
  /** Hours ahead of UTC, for daily rhythms. */
  utcOffset: number;
}

export const COUNTRIES: Country[] = [
  { iso: 'IN', weight: 30, utcOffset: 5.5 }, { iso: 'BR', weight: 14, utcOffset: -3 }, { iso: 'ID', weight: 12, utcOffset: 7 },
  { iso: 'MX', weight: 10, utcOffset: -6 }, { iso: 'US', weight: 8, utcOffset: -5 }, { iso: 'PK', weight: 6, utcOffset: 5 },
  { iso: 'DE', weight: 6, utcOffset: 1 }, { iso: 'IT', weight: 5, utcOffset: 1 }, { iso: 'ES', weight: 5, utcOffset: 1 },
  { iso: 'NG', weight: 5, utcOffset: 1 }, { iso: 'TR', weight: 5, utcOffset: 3 }, { iso: 'RU', weight: 5, utcOffset: 3 },
  { iso: 'GB', weight: 4, utcOffset: 0 }, { iso: 'FR', weight: 4, utcOffset: 1 }, { iso: 'EG', weight: 4, utcOffset: 2 },
  { iso: 'CO', weight: 4, utcOffset: -5 }, { iso: 'AR', weight: 4, utcOffset: -3 }, { iso: 'PH', weight: 4, utcOffset: 8 },
  { iso: 'SA', weight: 3, utcOffset: 3 }, { iso: 'ZA', weight: 3, utcOffset: 2 }, { iso: 'MA', weight: 3, utcOffset: 0 },
  { iso: 'KE', weight: 3, utcOffset: 3 }, { iso: 'UA', weight: 3, utcOffset: 2 }, { iso: 'PL', weight: 3, utcOffset: 1 },
  { iso: 'NL', weight: 2, utcOffset: 1 }, { iso: 'MY', weight: 2, utcOffset: 8 }, { iso: 'CL', weight: 2, utcOffset: -4 },
  { iso: 'PE', weight: 2, utcOffset: -5 }, { iso: 'AE', weight: 2, utcOffset: 4 }, { iso: 'IL', weight: 2, utcOffset: 2 },
  { iso: 'KZ', weight: 2, utcOffset: 6 }, { iso: 'UZ', weight: 2, utcOffset: 5 }, { iso: 'DZ', weight: 2, utcOffset: 1 },
  { iso: 'GH', weight: 2, utcOffset: 0 }, { iso: 'HU', weight: 1, utcOffset: 1 }, { iso: 'BH', weight: 1, utcOffset: 3 },
  { iso: 'QA', weight: 1, utcOffset: 3 }, { iso: 'RW', weight: 1, utcOffset: 2 }, { iso: 'TG', weight: 1, utcOffset: 0 },
  { iso: 'LB', weight: 1, utcOffset: 2 }, { iso: 'JO', weight: 1, utcOffset: 2 }, { iso: 'TN', weight: 1, utcOffset: 1 },
  { iso: 'CA', weight: 2, utcOffset: -5 }, { iso: 'AU', weight: 2, utcOffset: 10 }, { iso: 'BD', weight: 3, utcOffset: 6 },
];

/** Targets of the planted campaign by country: the court exhibit's skew, 20 countries, ~1,400 in all. */
export const CAMPAIGN_TARGETS: [CountryCode, number][] = [
  ['MX', 456], ['AE', 110], ['IN', 100], ['KZ', 99], ['BH', 82], ['RW', 70], ['MA', 69], ['TG', 60], ['PK', 58], ['UZ', 55],
  ['ID', 54], ['IL', 51], ['QA', 50], ['SA', 45], ['ES', 12], ['NL', 11], ['HU', 8], ['FR', 7], ['GB', 2], ['US', 1],
];

export type AccountKind = 'person' | 'old-build' | 'beta' | 'business';

export interface Account {
  number: string;
  country: CountryCode;
  utcOffset: number;
  client: string;
  ip: string;
  kind: AccountKind;
}

/** First octets of carrier (mobile and home) networks; hosting and relay ranges use others. */
const CARRIER_OCTETS = [37, 41, 46, 49, 62, 77, 78, 80, 81, 82, 83, 84, 85, 86, 88, 89, 90, 91, 92, 93, 95, 102, 103, 105, 109,
  110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 151, 152, 175, 176, 177, 178, 180, 181, 182,
  183, 186, 187, 188, 189, 190, 191, 196, 197, 200, 201, 212, 213, 217];

/** Unique, valid (per libphonenumber) mobile numbers per country. */
export class NumberFactory {
  private used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(iso: CountryCode): string {
    const ex = getExampleNumber(iso, examples);
    if (!ex) throw new Error(`no example number for ${iso}`);
    const nn = ex.nationalNumber as string;
    const k = Math.min(6, nn.length - 2);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const tail = String(this.rng.int(0, 10 ** k - 1)).padStart(k, '0');
      const candidate = `+${ex.countryCallingCode}${nn.slice(0, nn.length - k)}${tail}`;
      if (this.used.has(candidate)) continue;
      const p = parsePhoneNumberFromString(candidate);
      if (p && p.isValid() && p.country === iso) {
        this.used.add(candidate);
        return candidate;
      }
    }
    throw new Error(`could not draw a new valid number for ${iso}`);
  }
}

export interface Population {
  accounts: Account[];
  byCountry: Map<CountryCode, Account[]>;
  businesses: Account[];
  pickCumulative: Float64Array;
}

function carrierIp(rng: Rng, countryIndex: number): string {
  // Each country gets its own few /16s so addresses look like national carriers.
  const octet = CARRIER_OCTETS[(countryIndex * 7 + rng.int(0, 2)) % CARRIER_OCTETS.length];
  return `${octet}.${(countryIndex * 13 + rng.int(0, 3)) % 256}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export interface BuildSets {
  recent: Release[];
  old: Release[];
  beta: string[];
  business: Release[];
}

/** Official builds people run in spring 2019, old Android builds (B1), unreleased beta builds (B2). */
export function buildSets(releases: Release[]): BuildSets {
  const before = (r: Release) => r.released <= '2019-04-20';
  const recent = releases.filter((r) => before(r) && r.released >= '2018-10-01' && r.platform !== 'android-business');
  const old = releases.filter((r) => r.platform === 'android' && compareVersions(r.version, '2.18.100') < 0);
  const official = new Set(releases.map(clientString));
  const beta: string[] = [];
  for (const r of recent.filter((x) => x.platform === 'android')) {
    const parts = r.version.split('.').map(Number);
    for (let bump = 1; bump <= 3; bump++) {
      const v = `android/${parts[0]}.${parts[1]}.${parts[2] + bump}`;
      if (!official.has(v)) beta.push(v);
    }
  }
  const business = releases.filter((r) => r.platform === 'android-business' && before(r));
  return { recent, old, beta: [...new Set(beta)], business };
}

export function buildPopulation(rng: Rng, size: number, builds: BuildSets, minimums: Map<CountryCode, number>): Population {
  const numbers = new NumberFactory(rng.fork(11));
  const accounts: Account[] = [];
  const byCountry = new Map<CountryCode, Account[]>();
  const countryCum = cumulative(COUNTRIES.map((c) => c.weight));
  const make = (ci: number, kind: AccountKind): Account => {
    const c = COUNTRIES[ci];
    const client =
      kind === 'old-build' ? clientString(rng.pick(builds.old))
        : kind === 'beta' ? rng.pick(builds.beta)
        : kind === 'business' ? clientString(rng.pick(builds.business))
        : clientString(rng.pick(builds.recent));
    const a: Account = { number: numbers.next(c.iso), country: c.iso, utcOffset: c.utcOffset, client, ip: carrierIp(rng, ci), kind };
    accounts.push(a);
    const list = byCountry.get(c.iso) ?? [];
    list.push(a);
    byCountry.set(c.iso, list);
    return a;
  };
  for (let i = 0; i < size; i++) {
    const r = rng.next();
    make(rng.weighted(countryCum), r < 0.02 ? 'old-build' : r < 0.03 ? 'beta' : 'person');
  }
  // Every campaign country needs enough people to draw its targets from.
  for (const [iso, min] of minimums) {
    const ci = COUNTRIES.findIndex((c) => c.iso === iso);
    while ((byCountry.get(iso)?.length ?? 0) < min) make(ci, 'person');
  }
  const businesses = Array.from({ length: Math.max(3, Math.round(size / 4000)) }, () => make(rng.weighted(countryCum), 'business'));
  // Calls pick people by activity; businesses are drawn separately.
  const pickCumulative = cumulative(accounts.map((a) => (a.kind === 'business' ? 0 : 1)));
  return { accounts, byCountry, businesses, pickCumulative };
}
