// MVT's network-injection heuristic for Safari history: a plain-HTTP visit redirected to another
// domain in under a second. Pegasus was installed this way (Amnesty, 2021): a visit to an ordinary
// HTTP site was answered, on the network, with a redirect to the exploit server, faster than any
// person clicks. An upgrade to HTTPS on the same site (with or without "www.") is not one.
import { groupBy } from '../../core/index.ts';
import { byTime } from '../mvt-csv.ts';
import type { Alert, Result } from '../types.ts';
import { heuristic } from './common.ts';

const hostOf = (url: unknown): string => {
  try {
    return new URL(String(url)).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
};

/** A plain-HTTP visit that redirected: the heuristic reads it and the visit it names. */
export const redirectOrigin = (r: Result): boolean => r.redirect_destination != null && String(r.url).toLowerCase().startsWith('http://');

/** Whether fastRedirects reads the visit, and which visit it then reads with it (see streamHistories). */
export const redirectNeeds = (r: Result): { needed: boolean; names?: unknown } =>
  redirectOrigin(r) ? { needed: true, names: r.redirect_destination } : { needed: r.redirect_source != null };

/** MEDIUM for each such redirect; its destination is the visit it names, in the same database. */
export function fastRedirects(slug: string, records: Result[]): Alert[] {
  // The few plain-HTTP visits that redirected, by the visit they name: one pass finds those
  // visits, where MVT scans every visit for each redirect.
  const origins = groupBy(records.filter(redirectOrigin), (r) => r.redirect_destination);
  const alerts: Alert[] = [];
  if (origins.size === 0) return alerts;
  for (const to of records) {
    for (const r of origins.get(to.visit_id) ?? []) {
      if (r.safari_history_db !== to.safari_history_db) continue;
      const from = hostOf(r.url);
      const into = hostOf(to.url);
      if (from === into) continue;
      const ms = Math.round((Number(to.timestamp) - Number(r.timestamp)) * 1_000_000) / 1000;
      if (!(ms >= 0 && ms < 1000)) continue;
      const message = `Redirect took less than a second! (${ms} milliseconds): HTTP visit to ${from || String(r.url)} redirected to ${into || String(to.url)}, as network injection does`;
      alerts.push(heuristic(slug, 'MEDIUM', message, { ...r, redirect_url: to.url }, (r.isodate as string | null) ?? null));
    }
  }
  return alerts.sort((a, b) => byTime(a.event_time, b.event_time));
}
