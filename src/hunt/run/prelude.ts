// What compiled rules expect in DuckDB besides the data: helper macros, the release manifest,
// and the indicator sets their `expand` placeholders name.
import { LIST, listValue, UBIGINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { canonicalCidr, type IndicatorRecord, type IndicatorType } from '../../indicators/index.ts';
import { clientString, loadReleases } from '../../telemetry/index.ts';
import { setTable, type SetRef } from '../compile/index.ts';

const MACROS = [
  // Dotted-quad IPv4 as an unsigned integer, NULL for anything else (no leading zeros, signs or
  // spaces). Measured: one string_split with a list lambda beats a regex or repeated split_part.
  `CREATE OR REPLACE TEMP MACRO vigil_ipv4_int(ip) AS (
     SELECT CASE WHEN len(p) = 4 AND list_bool_and(list_transform(p, x -> x = CAST(TRY_CAST(x AS UTINYINT) AS VARCHAR)))
                 THEN TRY_CAST(p[1] AS UBIGINT) * 16777216 + TRY_CAST(p[2] AS UBIGINT) * 65536 + TRY_CAST(p[3] AS UBIGINT) * 256 + TRY_CAST(p[4] AS UBIGINT) END
     FROM (SELECT string_split(ip, '.') AS p))`,
  // a.b.evil.com → [a.b.evil.com, b.evil.com, evil.com, com]: every name a subdomain match may hit.
  `CREATE OR REPLACE TEMP MACRO vigil_domain_suffixes(q) AS
     list_transform(range(1, len(string_split(lower(rtrim(q, '.')), '.')) + 1),
                    i -> array_to_string(string_split(lower(rtrim(q, '.')), '.')[i:], '.'))`,
];

export async function installPrelude(c: DuckDBConnection): Promise<void> {
  for (const m of MACROS) await c.run(m);
  await c.run('CREATE OR REPLACE TEMP TABLE vigil_releases (client VARCHAR)');
  await c.run('INSERT INTO vigil_releases SELECT unnest($1)', [listValue(loadReleases().map(clientString))], [LIST(VARCHAR)]);
}

function ipv4Range(value: string): [number, number] | undefined {
  const net = canonicalCidr(value);
  if (!net || net.family !== 'ipv4') return undefined;
  const [addr, bits] = net.host ? [net.value, 32] : [net.value.split('/')[0], Number(net.value.split('/')[1])];
  const base = addr.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return [base, base + 2 ** (32 - bits) - 1];
}

/** Creates vigil_ioc_<type> tables for the sets the queries use; returns how many values each got. */
export async function installIndicatorSets(c: DuckDBConnection, sets: SetRef[], records: IndicatorRecord[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const types = new Set(sets.map((s) => setTable(s.type)));
  for (const type of types) {
    // Exact values only: LIKE and MATCHES indicators have no place in a value set.
    const wanted: IndicatorType[] = type === 'account' ? ['account', 'phone'] : [type];
    const values = [...new Set(records.filter((r) => wanted.includes(r.type) && r.match !== 'like' && r.match !== 'regex').map((r) => r.value))];
    if (type === 'ipv4') {
      const ranges = values.map(ipv4Range).filter((r): r is [number, number] => Boolean(r));
      await c.run('CREATE OR REPLACE TEMP TABLE vigil_ioc_ipv4_ranges (lo UBIGINT, hi UBIGINT)');
      await c.run('INSERT INTO vigil_ioc_ipv4_ranges SELECT unnest($1), unnest($2)', [listValue(ranges.map((r) => BigInt(r[0]))), listValue(ranges.map((r) => BigInt(r[1])))], [LIST(UBIGINT), LIST(UBIGINT)]);
      // First octets the ranges cover, as text: the cheap first test of an address (dialect's ipv4Set).
      await c.run(`CREATE OR REPLACE TEMP TABLE vigil_ioc_ipv4_octets AS
        SELECT DISTINCT CAST(unnest(range(CAST(lo // 16777216 AS BIGINT), CAST(hi // 16777216 + 1 AS BIGINT))) AS VARCHAR) AS octet FROM vigil_ioc_ipv4_ranges`);
    }
    await c.run(`CREATE OR REPLACE TEMP TABLE vigil_ioc_${type} (value VARCHAR)`);
    await c.run(`INSERT INTO vigil_ioc_${type} SELECT unnest($1)`, [listValue(values)], [LIST(VARCHAR)]);
    counts[type] = values.length;
  }
  return counts;
}
