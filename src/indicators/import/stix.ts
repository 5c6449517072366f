// STIX 2.x bundles: indicator objects with STIX patterns, grouped into collections by the malware,
// intrusion sets, campaigns, tools and reports they are related to (as MVT groups them).
import { ParseError } from '../../core/index.ts';
import { parsePattern } from '../stix/pattern-parser.ts';
import { termText, toClauses, type Clause } from '../stix/pattern-clauses.ts';
import { termIndicator } from '../stix/term-indicator.ts';
import { DEFAULT_COLLECTION, type CollectionDraft, type Condition, type Dropped, type ImportResult, type IndicatorDraft } from '../types.ts';

type StixObject = Record<string, unknown> & { type?: unknown; id?: unknown };

const COLLECTION_TYPES = new Set(['malware', 'intrusion-set', 'campaign', 'threat-actor', 'tool', 'report']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function parseStixJson(text: string, where: string): StixObject[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError('STIX_JSON', `not valid JSON: ${(e as Error).message}`, { where, hint: 'is this a STIX 2.1 bundle?' });
  }
  if (Array.isArray(doc)) return doc.filter((o): o is StixObject => typeof o === 'object' && o !== null);
  if (typeof doc === 'object' && doc !== null) {
    const o = doc as StixObject;
    if (o.type === 'bundle') {
      if (!Array.isArray(o.objects)) throw new ParseError('STIX_BUNDLE', 'bundle has no "objects" list', { where });
      return o.objects.filter((x): x is StixObject => typeof x === 'object' && x !== null);
    }
    if (typeof o.type === 'string') return [o];
  }
  throw new ParseError('STIX_BUNDLE', 'not a STIX bundle, object or list of objects', { where });
}

/** Maps each indicator id to the collection its relationships (or a report's object_refs) point to. */
function collectionsOf(objects: StixObject[]): { collections: CollectionDraft[]; byIndicator: Map<string, string> } {
  const collections: CollectionDraft[] = [];
  const known = new Set<string>();
  for (const o of objects) {
    const id = str(o.id);
    if (id && typeof o.type === 'string' && COLLECTION_TYPES.has(o.type)) {
      collections.push({ key: id, name: str(o.name) ?? id, kind: o.type, stixId: id, description: str(o.description) });
      known.add(id);
    }
  }
  const byIndicator = new Map<string, string>();
  for (const o of objects) {
    if (o.type === 'relationship') {
      const src = str(o.source_ref);
      const dst = str(o.target_ref);
      if (src?.startsWith('indicator--') && dst && known.has(dst) && !byIndicator.has(src)) byIndicator.set(src, dst);
    } else if (o.type === 'report' && Array.isArray(o.object_refs)) {
      for (const ref of o.object_refs) if (typeof ref === 'string' && ref.startsWith('indicator--') && !byIndicator.has(ref)) byIndicator.set(ref, String(o.id));
    }
  }
  return { collections, byIndicator };
}

function conditionOf(t: Clause[number]): Condition {
  const leaf = t.leaf;
  if (leaf.kind === 'exists') return { path: leaf.path.text, op: 'EXISTS', negated: false, value: null };
  const value = Array.isArray(leaf.value) ? leaf.value.map((v) => v.value) : leaf.value.value;
  return { path: leaf.path.text, op: leaf.op, negated: leaf.negated, value };
}

export function importStix(text: string, where: string): ImportResult {
  const objects = parseStixJson(text, where);
  const { collections, byIndicator } = collectionsOf(objects);
  const indicators: IndicatorDraft[] = [];
  const dropped: Dropped[] = [];
  let sourceItems = 0;
  let usesDefault = false;
  objects.forEach((o, index) => {
    if (o.type !== 'indicator') return;
    sourceItems++;
    const id = str(o.id) ?? `objects[${index}]`;
    const location = `objects[${index}] ${id}`;
    const pattern = o.pattern;
    if (typeof pattern !== 'string') {
      dropped.push({ location, original: JSON.stringify(pattern ?? null), reason: 'indicator has no pattern' });
      return;
    }
    const patternType = str(o.pattern_type) ?? 'stix';
    if (patternType !== 'stix') {
      dropped.push({ location, original: pattern, reason: `pattern_type '${patternType}' is not a STIX pattern` });
      return;
    }
    if (o.revoked === true) {
      dropped.push({ location, original: pattern, reason: 'indicator is revoked' });
      return;
    }
    let clauses: Clause[];
    try {
      clauses = toClauses(parsePattern(pattern));
    } catch (e) {
      dropped.push({ location, original: pattern, reason: (e as Error).message });
      return;
    }
    const collection = byIndicator.get(id) ?? DEFAULT_COLLECTION;
    if (collection === DEFAULT_COLLECTION) usesDefault = true;
    const labels = Array.isArray(o.labels) ? o.labels.filter((l): l is string => typeof l === 'string') : undefined;
    for (const clause of clauses) {
      const reasons: string[] = [];
      let anchor = -1;
      let made: Extract<ReturnType<typeof termIndicator>, { ok: true }> | undefined;
      for (let k = 0; k < clause.length && !made; k++) {
        const r = termIndicator(clause[k]);
        if (r.ok) {
          made = r;
          anchor = k;
        } else reasons.push(r.reason);
      }
      if (!made) {
        dropped.push({ location, original: clause.map(termText).join(' AND '), reason: reasons.join('; ') });
        continue;
      }
      const rest = clause.filter((_, k) => k !== anchor);
      const conditions = rest.map(conditionOf);
      const qualifiers = new Map(clause.flatMap((t) => t.qualifiers).map((q) => [JSON.stringify(q), q]));
      for (const q of qualifiers.values()) conditions.push({ path: '(qualifier)', op: q.kind.toUpperCase(), negated: false, value: q });
      indicators.push({
        type: made.type,
        value: made.value,
        match: made.match,
        original: made.original,
        collection,
        location,
        stixId: id,
        pattern,
        conditions: conditions.length > 0 ? conditions : undefined,
        created: str(o.created),
        modified: str(o.modified),
        validFrom: str(o.valid_from),
        validUntil: str(o.valid_until),
        labels,
      });
    }
  });
  if (usesDefault) collections.push({ key: DEFAULT_COLLECTION, name: DEFAULT_COLLECTION, kind: 'default' });
  return { format: 'stix', collections, indicators, dropped, sourceItems };
}
