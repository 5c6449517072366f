// MISP JSON events: {"Event": …}, a list of them, or a REST search response {"response": […]}.
// Attributes and object attributes become indicators; the event is the collection.
import { isoOfMs, own, ParseError } from '../../core/index.ts';
import { normalizeAs } from '../normalize.ts';
import type { CollectionDraft, Dropped, ImportResult, IndicatorDraft, IndicatorType } from '../types.ts';

/** MISP attribute types and the vigil type of each part (composite types split on '|'). */
const MISP_TYPES: Record<string, IndicatorType[]> = {
  domain: ['domain'],
  hostname: ['domain'],
  url: ['url'],
  link: ['url'],
  'ip-src': ['ipv4'],
  'ip-dst': ['ipv4'],
  'email': ['email'],
  'email-src': ['email'],
  'email-dst': ['email'],
  'email-reply-to': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  sha512: ['sha512'],
  filename: ['file_name'],
  'filename|md5': ['file_name', 'md5'],
  'filename|sha1': ['file_name', 'sha1'],
  'filename|sha256': ['file_name', 'sha256'],
  'domain|ip': ['domain', 'ipv4'],
  'hostname|port': ['domain'],
  'ip-dst|port': ['ipv4'],
  'ip-src|port': ['ipv4'],
  'x509-fingerprint-md5': ['cert_md5'],
  'x509-fingerprint-sha1': ['cert_sha1'],
  'x509-fingerprint-sha256': ['cert_sha256'],
  'phone-number': ['phone'],
  'whois-registrant-phone': ['phone'],
  'mobile-application-id': ['app_id'],
  'target-user': ['account'],
  'github-username': ['account'],
  'jabber-id': ['account'],
};

/** Attributes of type 'text' inside MISP objects that still name an indicator, by object/relation. */
export const OBJECT_RELATIONS: Record<string, IndicatorType[]> = {
  'process/name': ['process'],
  'file/path': ['file_path'],
  'android-app/appid': ['app_id'],
  'user-account/username': ['account'],
  'vigil-indicator/profile_id': ['profile_id'],
  'vigil-indicator/property': ['property'],
};

type Obj = Record<string, unknown>;

function eventsOf(doc: unknown, where: string): Obj[] {
  const events: Obj[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Obj;
      if (typeof o.Event === 'object' && o.Event !== null) events.push(o.Event as Obj);
      else if (Array.isArray(o.response)) o.response.forEach(visit);
      else if (Array.isArray(o.Attribute) || Array.isArray(o.Object)) events.push(o);
    }
  };
  visit(doc);
  if (events.length === 0) throw new ParseError('MISP_JSON', 'no MISP Event found', { where, hint: 'expected {"Event": {...}}' });
  return events;
}

function timestampOf(v: unknown): string | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return n > 0 ? (isoOfMs(n * 1000) ?? undefined) : undefined;
}

export interface MispOptions {
  /** Import attributes whose to_ids flag is off (context, not detection). */
  includeNonIds?: boolean;
}

export function importMisp(text: string, where: string, opts: MispOptions = {}): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError('MISP_JSON', `not valid JSON: ${(e as Error).message}`, { where });
  }
  const collections: CollectionDraft[] = [];
  const indicators: IndicatorDraft[] = [];
  const dropped: Dropped[] = [];
  let sourceItems = 0;
  eventsOf(doc, where).forEach((event, e) => {
    const key = typeof event.uuid === 'string' ? event.uuid : `event-${e}`;
    const name = typeof event.info === 'string' && event.info !== '' ? event.info : key;
    collections.push({ key, name, kind: 'misp-event', stixId: typeof event.uuid === 'string' ? event.uuid : undefined });
    const take = (attr: Obj, location: string, objectName?: string) => {
      sourceItems++;
      const mispType = String(attr.type ?? '');
      const value = String(attr.value ?? '');
      if (attr.deleted === true || attr.deleted === '1') return void dropped.push({ location, original: value, reason: 'attribute is deleted' });
      if ((attr.to_ids === false || attr.to_ids === '0' || attr.to_ids === 0) && !opts.includeNonIds) {
        return void dropped.push({ location, original: value, reason: 'to_ids is off (context, not detection); use --include-non-ids' });
      }
      const types = (objectName && own(OBJECT_RELATIONS, `${objectName}/${String(attr.object_relation ?? '')}`)) || own(MISP_TYPES, mispType);
      if (!types) return void dropped.push({ location, original: value, reason: `MISP type '${mispType}' is not supported` });
      const parts = types.length > 1 || mispType.includes('|') ? value.split('|') : [value];
      types.forEach((type, k) => {
        const part = parts[k] ?? '';
        const n = normalizeAs(type === 'ipv4' && part.includes(':') ? 'ipv6' : type, part);
        if (!n.ok) return void dropped.push({ location, original: value, reason: `${n.reason} (MISP type ${mispType})` });
        indicators.push({
          type: n.type,
          value: n.value,
          match: n.match,
          original: part,
          collection: key,
          location,
          stixId: typeof attr.uuid === 'string' ? attr.uuid : undefined,
          created: timestampOf(attr.timestamp),
          validFrom: typeof attr.first_seen === 'string' ? attr.first_seen : undefined,
          validUntil: typeof attr.last_seen === 'string' ? attr.last_seen : undefined,
          labels: [`misp:${mispType}`, ...(objectName ? [`misp-object:${objectName}`] : []), ...(typeof attr.category === 'string' ? [`misp-category:${attr.category}`] : [])],
        });
      });
    };
    const attrs = Array.isArray(event.Attribute) ? event.Attribute : [];
    attrs.forEach((a, i) => typeof a === 'object' && a !== null && take(a as Obj, `Event ${name} Attribute[${i}]`));
    const objects = Array.isArray(event.Object) ? event.Object : [];
    objects.forEach((o, j) => {
      if (typeof o !== 'object' || o === null) return;
      const obj = o as Obj;
      const list = Array.isArray(obj.Attribute) ? obj.Attribute : [];
      list.forEach((a, i) => typeof a === 'object' && a !== null && take(a as Obj, `Event ${name} Object[${j}] ${String(obj.name ?? '')} Attribute[${i}]`, String(obj.name ?? '')));
    });
  });
  return { format: 'misp', collections, indicators, dropped, sourceItems };
}
