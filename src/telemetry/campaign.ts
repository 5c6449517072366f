// The planted campaign: a few dozen attacker accounts on hosting networks, running modified
// clients, probing and exploiting ~1,400 targets in 20 countries inside 2019-04-29 – 2019-05-10,
// and the indicator file an investigator would have (only part of the accounts and infrastructure).
import type { CountryCode } from 'libphonenumber-js/max';
import { CAMPAIGN_TARGETS, NumberFactory, type Account, type Population } from './population.ts';
import { clientString, type Release } from './releases.ts';
import type { Rng } from './rng.ts';

export const CAMPAIGN_WINDOW = { start: Date.UTC(2019, 3, 29), end: Date.UTC(2019, 4, 10, 23, 59, 59, 999) };

/** Hosting ranges the attackers rent (synthetic; outside carrier, relay and reserved ranges). */
export const HOSTING_RANGES = ['45.134.20.0/24', '45.147.228.0/22', '185.141.24.0/22', '185.212.128.0/24', '194.36.188.0/22', '5.180.62.0/24'];
const ATTACKER_COUNTRIES: CountryCode[] = ['CY', 'BG', 'NL', 'GB', 'US', 'MX', 'DE', 'ES'];

export interface Attacker {
  number: string;
  client: string;
  ips: string[];
}

export interface Attempt {
  attacker: Attacker;
  target: Account;
  at: number;
  kind: 'probe' | 'exploit';
  oversizedOffer: boolean;
  malformedRtcp: boolean;
}

export interface Campaign {
  attackers: Attacker[];
  targets: Account[];
  attempts: Attempt[];
  indicatorBundle: object;
}

function ipIn(rng: Rng, cidr: string): string {
  const [base, bits] = cidr.split('/');
  const o = base.split('.').map(Number);
  const n = ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3];
  const span = 2 ** (32 - Number(bits));
  const v = n + rng.int(1, span - 2);
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/**
 * Scales the exhibit's per-country counts to exactly `total` (largest remainder), keeping every
 * country while `total` allows one target each.
 */
export function targetCounts(total: number): Map<CountryCode, number> {
  const sum = CAMPAIGN_TARGETS.reduce((s, [, n]) => s + n, 0);
  const floor = Math.min(1, Math.floor(total / CAMPAIGN_TARGETS.length));
  const shares = CAMPAIGN_TARGETS.map(([iso, n]) => {
    const exact = (n * total) / sum;
    return { iso, n: Math.max(floor, Math.floor(exact)), rest: exact - Math.floor(exact) };
  });
  let left = total - shares.reduce((s, x) => s + x.n, 0);
  const byRest = [...shares].sort((a, b) => b.rest - a.rest);
  for (let i = 0; left > 0; i = (i + 1) % byRest.length, left--) byRest[i].n++;
  // Minimums can overshoot a tiny total: take back from the largest.
  const bySize = [...shares].sort((a, b) => b.n - a.n);
  for (let i = 0; left < 0; i = (i + 1) % bySize.length) if (bySize[i].n > floor) (bySize[i].n--, left++);
  return new Map(shares.filter((x) => x.n > 0).map((x) => [x.iso, x.n]));
}

function modifiedClient(rng: Rng, recent: Release[]): string {
  const real = rng.pick(recent.filter((r) => r.platform === 'android'));
  if (rng.chance(0.3)) return clientString(real); // some copy a real build string
  const [a, b, c] = real.version.split('.');
  return rng.pick([`android/${a}.${b}.${c}.${rng.int(1, 9)}`, `android/${a}.${b}.${Number(c) + rng.int(1, 2)}${rng.pick(['-x', 'b', '.0'])}`, `android/${a}.${Number(b) + 1}.${rng.int(1, 30)}`]);
}

export function planCampaign(rng: Rng, pop: Population, recent: Release[], targetTotal: number, attackerTotal: number): Campaign {
  const numbers = new NumberFactory(rng.fork(21));
  const attackers: Attacker[] = Array.from({ length: attackerTotal }, () => {
    const ranges = [rng.pick(HOSTING_RANGES), rng.pick(HOSTING_RANGES)];
    return {
      number: numbers.next(rng.pick(ATTACKER_COUNTRIES)),
      client: modifiedClient(rng, recent),
      ips: ranges.map((r) => ipIn(rng, r)),
    };
  });
  const targets: Account[] = [];
  for (const [iso, n] of targetCounts(targetTotal)) {
    const pool = (pop.byCountry.get(iso) ?? []).filter((a) => a.kind === 'person');
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, pool.length)) chosen.add(rng.int(0, pool.length - 1));
    for (const i of chosen) targets.push(pool[i]);
  }
  const span = CAMPAIGN_WINDOW.end - CAMPAIGN_WINDOW.start;
  const attempts: Attempt[] = [];
  for (const target of targets) {
    const primary = rng.pick(attackers);
    const probeOnly = rng.chance(0.06);
    const tries = probeOnly ? 1 : rng.chance(0.7) ? 1 : rng.chance(0.65) ? 2 : rng.int(3, 4);
    for (let k = 0; k < tries; k++) {
      const attacker = rng.chance(0.05) ? rng.pick(attackers) : primary; // a few from a second account (T7)
      // Leave room before the attempt for its probe, inside the window.
      const at = CAMPAIGN_WINDOW.start + 4 * 3600_000 + Math.floor(rng.next() * (span - 5 * 3600_000));
      if (probeOnly || rng.chance(0.6)) {
        attempts.push({ attacker, target, at: at - rng.int(120_000, 3 * 3600_000), kind: 'probe', oversizedOffer: false, malformedRtcp: false });
      }
      if (!probeOnly) {
        const r = rng.next();
        attempts.push({ attacker, target, at, kind: 'exploit', oversizedOffer: r < 0.9, malformedRtcp: r >= 0.15 });
      }
    }
  }
  return { attackers, targets, attempts, indicatorBundle: indicatorBundle(attackers) };
}

/** What the investigators know: about a third of the accounts, half the ranges, a few addresses. */
function indicatorBundle(attackers: Attacker[]): object {
  const created = '2019-05-13T00:00:00.000Z';
  const malwareId = 'malware--6f0c2d4e-5a1b-4c3d-9e8f-0a1b2c3d4e5f';
  const objects: object[] = [
    { type: 'malware', spec_version: '2.1', id: malwareId, created, modified: created, name: 'CVE-2019-3568 campaign (generated)', is_family: false },
  ];
  const patterns: string[] = [];
  attackers.forEach((a, i) => {
    if (i % 3 !== 0) return;
    patterns.push(i % 2 === 0 ? `[user-account:account_login = '${a.number}']` : `[phone-number:value = '${a.number}']`);
  });
  for (const r of HOSTING_RANGES.slice(0, 3)) patterns.push(`[ipv4-addr:value ISSUBSET '${r}']`);
  for (const a of attackers.filter((_, i) => i % 5 === 1).slice(0, 4)) patterns.push(`[ipv4-addr:value = '${a.ips[1]}']`);
  patterns.forEach((pattern, i) => {
    const hex = (n: number) => n.toString(16).padStart(12, '0');
    const id = `indicator--0c0ffee0-0000-4000-8000-${hex(i + 1)}`;
    objects.push({ type: 'indicator', spec_version: '2.1', id, created, modified: created, indicator_types: ['malicious-activity'], pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: created });
    objects.push({ type: 'relationship', spec_version: '2.1', id: `relationship--0c0ffee0-0000-4000-9000-${hex(i + 1)}`, created, modified: created, relationship_type: 'indicates', source_ref: id, target_ref: malwareId });
  });
  return { type: 'bundle', id: 'bundle--0c0ffee0-0000-4000-8000-000000000000', objects };
}
