// MISP JSON export: one Event per collection inside a REST-style {"response": […]} envelope.
// Types MISP has no attribute for travel as MISP objects (process/name, file/path, …).
import type { IndicatorRecord, IndicatorType } from '../types.ts';
import { byCollection, uuid5, type ExportResult } from './common.ts';

const ATTRIBUTE: Partial<Record<IndicatorType, [string, string]>> = {
  domain: ['domain', 'Network activity'],
  url: ['url', 'Network activity'],
  ipv4: ['ip-dst', 'Network activity'],
  ipv6: ['ip-dst', 'Network activity'],
  email: ['email', 'Payload delivery'],
  md5: ['md5', 'Payload delivery'],
  sha1: ['sha1', 'Payload delivery'],
  sha256: ['sha256', 'Payload delivery'],
  sha512: ['sha512', 'Payload delivery'],
  file_name: ['filename', 'Artifacts dropped'],
  cert_md5: ['x509-fingerprint-md5', 'Network activity'],
  cert_sha1: ['x509-fingerprint-sha1', 'Network activity'],
  cert_sha256: ['x509-fingerprint-sha256', 'Network activity'],
  phone: ['phone-number', 'Attribution'],
};

const OBJECT: Partial<Record<IndicatorType, [string, string]>> = {
  process: ['process', 'name'],
  file_path: ['file', 'path'],
  app_id: ['android-app', 'appid'],
  account: ['user-account', 'username'],
  profile_id: ['vigil-indicator', 'profile_id'],
  property: ['vigil-indicator', 'property'],
};

export function exportMisp(records: IndicatorRecord[], now = new Date()): ExportResult {
  const skipped: ExportResult['skipped'] = [];
  let exported = 0;
  const ts = String(Math.floor(now.getTime() / 1000));
  const events = [...byCollection(records)].map(([collection, recs]) => {
    const Attribute: Record<string, unknown>[] = [];
    const Object_: Record<string, unknown>[] = [];
    for (const r of recs) {
      if (r.match === 'like' || r.match === 'regex') {
        skipped.push({ type: r.type, value: r.value, reason: `MISP has no attribute for a ${r.match} pattern` });
        continue;
      }
      const uuid = uuid5(`misp|${collection}|${r.type}|${r.value}`);
      const attr = ATTRIBUTE[r.type];
      if (attr) {
        Attribute.push({ uuid, type: attr[0], category: attr[1], value: r.value, to_ids: true, timestamp: ts, comment: r.source });
      } else {
        const [name, relation] = OBJECT[r.type]!;
        Object_.push({
          uuid: uuid5(`object|${uuid}`), name, meta_category: 'misc', timestamp: ts,
          Attribute: [{ uuid, object_relation: relation, type: 'text', category: 'Other', value: r.value, to_ids: true, timestamp: ts }],
        });
      }
      exported++;
    }
    return {
      Event: {
        uuid: uuid5(`event|${collection}`), info: collection, date: now.toISOString().slice(0, 10), timestamp: ts,
        threat_level_id: '1', analysis: '2', distribution: '0', published: false,
        Attribute, Object: Object_,
      },
    };
  });
  return { text: JSON.stringify({ response: events }, null, 2) + '\n', exported, skipped };
}
