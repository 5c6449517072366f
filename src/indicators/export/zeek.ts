// Zeek intel framework export. Zeek's URL type carries no scheme, so the full URL rides in meta.url.
import type { IndicatorRecord, IndicatorType } from '../types.ts';
import type { ExportResult } from './common.ts';

const ZEEK: Partial<Record<IndicatorType, string>> = {
  domain: 'Intel::DOMAIN', url: 'Intel::URL', email: 'Intel::EMAIL',
  md5: 'Intel::FILE_HASH', sha1: 'Intel::FILE_HASH', sha256: 'Intel::FILE_HASH', sha512: 'Intel::FILE_HASH',
  cert_md5: 'Intel::CERT_HASH', cert_sha1: 'Intel::CERT_HASH', cert_sha256: 'Intel::CERT_HASH',
  file_name: 'Intel::FILE_NAME', account: 'Intel::USER_NAME',
};

/** Zeek's input framework reads tabs and newlines as separators; such values cannot be written. */
const clean = (v: string) => (v === '' ? '(empty)' : v.replace(/[\t\r\n]/g, ' '));

export function exportZeek(records: IndicatorRecord[]): ExportResult {
  const lines = ['#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url'];
  const skipped: ExportResult['skipped'] = [];
  for (const r of records) {
    let type = r.type === 'ipv4' || r.type === 'ipv6' ? (r.match === 'cidr' ? 'Intel::SUBNET' : 'Intel::ADDR') : ZEEK[r.type];
    if (r.match === 'like' || r.match === 'regex') type = undefined;
    if (!type || /[\t\r\n]/.test(r.value)) {
      skipped.push({ type: r.type, value: r.value, reason: 'no Zeek intel type for it' });
      continue;
    }
    const indicator = r.type === 'url' ? r.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : r.value;
    lines.push([indicator, type, clean(r.collection), clean(`vigil ${r.type} from ${r.source}`), r.type === 'url' ? r.value : '-'].join('\t'));
  }
  return { text: lines.join('\n') + '\n', exported: lines.length - 1, skipped };
}
