// Every SQL statement the indicators capability runs, one function each.
import { groupBy, utcIso } from '../core/index.ts';
import { inBatches, pgText, type Queryable } from '../store/index.ts';
import type { CollectionDraft, Dropped, IndicatorDraft, IndicatorRecord, IndicatorType, MatchKind } from './types.ts';
import type { Warninglist } from './warninglist.ts';


export interface SourceRow {
  id: number;
  path: string;
  name: string;
  sha256: string;
  format: string;
  source_items: number;
  imported_at: Date;
  indicators: number;
  dropped: number;
}

/** Removes an earlier import of the same file (its rows cascade) and records this one. */
export async function replaceSource(
  q: Queryable,
  s: { path: string; name: string; sha256: string; format: string; sourceItems: number },
): Promise<number> {
  await q.query('DELETE FROM ioc_sources WHERE path = $1', [s.path]);
  const rows = await q.query<{ id: number }>(
    'INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ($1, $2, $3, $4, $5) RETURNING id::int AS id',
    [pgText(s.path), pgText(s.name), s.sha256, s.format, s.sourceItems],
  );
  return rows[0].id;
}

export async function insertCollections(q: Queryable, sourceId: number, collections: CollectionDraft[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const c of collections) {
    const rows = await q.query<{ id: number }>(
      `INSERT INTO ioc_collections (source_id, key, name, kind, stix_id, description)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id`,
      [sourceId, pgText(c.key), pgText(c.name), c.kind, pgText(c.stixId), pgText(c.description)],
    );
    ids.set(c.key, rows[0].id);
  }
  return ids;
}

export async function insertIndicators(q: Queryable, sourceId: number, collectionIds: Map<string, number>, drafts: IndicatorDraft[]): Promise<void> {
  for (const batch of inBatches(drafts)) {
    const col = <T>(f: (d: IndicatorDraft) => T) => batch.map(f);
    await q.query(
      `INSERT INTO indicators (source_id, collection_id, type, value, match, original, location, stix_id, pattern,
                               conditions, labels, created, modified, valid_from, valid_until)
       SELECT $1, u.collection_id, u.type, u.value, u.match, u.original, u.location, u.stix_id, u.pattern,
              u.conditions::jsonb, u.labels::jsonb, u.created::timestamptz, u.modified::timestamptz,
              u.valid_from::timestamptz, u.valid_until::timestamptz
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         AS u(collection_id, type, value, match, original, location, stix_id, pattern, conditions, labels, created, modified, valid_from, valid_until)`,
      [
        sourceId,
        col((d) => collectionIds.get(d.collection)),
        col((d) => d.type),
        col((d) => d.value),
        col((d) => d.match),
        col((d) => pgText(d.original)),
        col((d) => pgText(d.location)),
        col((d) => pgText(d.stixId)),
        col((d) => pgText(d.pattern)),
        col((d) => (d.conditions ? pgText(JSON.stringify(d.conditions)) : null)),
        col((d) => (d.labels ? pgText(JSON.stringify(d.labels)) : null)),
        // Dates from feeds are often malformed; a bad one is stored as unknown rather than failing the file.
        col((d) => utcIso(d.created)),
        col((d) => utcIso(d.modified)),
        col((d) => utcIso(d.validFrom)),
        col((d) => utcIso(d.validUntil)),
      ],
    );
  }
}

export async function insertDropped(q: Queryable, sourceId: number, dropped: Dropped[]): Promise<void> {
  for (const batch of inBatches(dropped)) {
    await q.query(
      `INSERT INTO ioc_dropped (source_id, location, original, reason)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
      [sourceId, batch.map((d) => pgText(d.location)), batch.map((d) => pgText(d.original)), batch.map((d) => pgText(d.reason))],
    );
  }
}

interface IndicatorRow {
  id: number;
  type: string;
  value: string;
  match: string;
  original: string;
  collection: string;
  source: string;
  location: string;
  stix_id: string | null;
  pattern: string | null;
  conditions: unknown;
  valid_from: Date | null;
}

export interface IndicatorFilter {
  type?: IndicatorType;
  collection?: string;
  source?: string;
}

export async function loadIndicators(q: Queryable, f: IndicatorFilter = {}): Promise<IndicatorRecord[]> {
  const rows = await q.query<IndicatorRow>(
    `SELECT i.id::int AS id, i.type, i.value, i.match, i.original, c.name AS collection, s.name AS source, i.location,
            i.stix_id, i.pattern, i.conditions, i.valid_from
     FROM indicators i JOIN ioc_collections c ON c.id = i.collection_id JOIN ioc_sources s ON s.id = i.source_id
     WHERE ($1::text IS NULL OR i.type = $1) AND ($2::text IS NULL OR c.name = $2) AND ($3::text IS NULL OR s.name = $3 OR s.path = $3)
     ORDER BY i.id`,
    [f.type ?? null, f.collection ?? null, f.source ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type as IndicatorType,
    value: r.value,
    match: r.match as MatchKind,
    original: r.original,
    collection: r.collection,
    source: r.source,
    location: r.location,
    stixId: r.stix_id,
    pattern: r.pattern,
    conditions: (typeof r.conditions === 'string' ? JSON.parse(r.conditions) : r.conditions) as IndicatorRecord['conditions'],
    validFrom: r.valid_from ? new Date(r.valid_from).toISOString() : null,
  }));
}

export async function listSources(q: Queryable): Promise<SourceRow[]> {
  return q.query<SourceRow>(
    `SELECT s.id::int AS id, s.path, s.name, s.sha256, s.format, s.source_items, s.imported_at,
            (SELECT count(*)::int FROM indicators i WHERE i.source_id = s.id) AS indicators,
            (SELECT count(*)::int FROM ioc_dropped d WHERE d.source_id = s.id) AS dropped
     FROM ioc_sources s ORDER BY s.id`,
  );
}

export async function countsByCollectionAndType(q: Queryable): Promise<{ collection: string; type: string; n: number }[]> {
  return q.query(
    `SELECT c.name AS collection, i.type, count(*)::int AS n
     FROM indicators i JOIN ioc_collections c ON c.id = i.collection_id
     GROUP BY c.name, i.type ORDER BY c.name, i.type`,
  );
}

export async function listDropped(q: Queryable, sourcePath: string): Promise<Dropped[]> {
  return q.query<Dropped & Record<string, unknown>>(
    `SELECT d.location, d.original, d.reason FROM ioc_dropped d JOIN ioc_sources s ON s.id = d.source_id
     WHERE s.path = $1 ORDER BY d.id`,
    [sourcePath],
  );
}

export async function deleteSource(q: Queryable, pathOrName: string): Promise<number> {
  const rows = await q.query('DELETE FROM ioc_sources WHERE path = $1 OR name = $1 RETURNING id', [pathOrName]);
  return rows.length;
}

export async function collectionsWithStixIds(q: Queryable): Promise<{ name: string; kind: string; stix_id: string | null; description: string | null }[]> {
  return q.query(`SELECT DISTINCT ON (name) name, kind, stix_id, description FROM ioc_collections ORDER BY name, id`);
}

export async function replaceWarninglist(q: Queryable, wl: Warninglist): Promise<void> {
  await q.query('DELETE FROM warninglists WHERE name = $1', [wl.name]);
  const rows = await q.query<{ id: number }>(
    `INSERT INTO warninglists (name, version, description, list_type, matching_attributes, path, builtin)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id::int AS id`,
    [pgText(wl.name), pgText(wl.version), pgText(wl.description), wl.type, pgText(JSON.stringify(wl.matchingAttributes)), pgText(wl.path), wl.builtin ?? false],
  );
  for (const values of inBatches(wl.list)) {
    await q.query('INSERT INTO warninglist_entries (warninglist_id, value) SELECT $1, * FROM unnest($2::text[])', [rows[0].id, values.map(pgText)]);
  }
}

export async function loadWarninglists(q: Queryable): Promise<Warninglist[]> {
  const lists = await q.query<{ id: number; name: string; version: string | null; description: string | null; list_type: string; matching_attributes: unknown; path: string | null; builtin: boolean }>(
    'SELECT id::int AS id, name, version, description, list_type, matching_attributes, path, builtin FROM warninglists ORDER BY id',
  );
  const entries = await q.query<{ warninglist_id: number; value: string }>('SELECT warninglist_id::int AS warninglist_id, value FROM warninglist_entries');
  const byList = groupBy(entries, (e) => e.warninglist_id);
  return lists.map((l) => ({
    name: l.name,
    version: l.version ?? undefined,
    description: l.description ?? undefined,
    type: l.list_type as Warninglist['type'],
    matchingAttributes: (typeof l.matching_attributes === 'string' ? JSON.parse(l.matching_attributes) : l.matching_attributes) as string[],
    list: (byList.get(l.id) ?? []).map((e) => e.value),
    path: l.path ?? undefined,
    builtin: l.builtin,
  }));
}

export async function deleteWarninglist(q: Queryable, name: string): Promise<number> {
  return (await q.query('DELETE FROM warninglists WHERE name = $1 RETURNING id', [name])).length;
}
