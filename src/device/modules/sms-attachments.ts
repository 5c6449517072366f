// SMS and iMessage attachments (sms.db), read as MVT reads them: their paths against indicators,
// MVT's received-attachment-in-/var/tmp heuristic, and files whose content is not what their name
// says: FORCEDENTRY arrived as PDF/JBIG2 files named .gif.
import fs from 'node:fs';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { heuristic, matchAlerts, withModuleDb } from './common.ts';
import { mvtTimeOfApple } from '../time.ts';

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  gif: (b) => /^GIF8[79]a/.test(b.toString('latin1', 0, 6)),
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8,
  pdf: (b) => b.toString('latin1', 0, 5) === '%PDF-',
};

// Binary columns, written as base64 as MVT writes them.
const BINARY = new Set(['user_info', 'sticker_user_info', 'attribution_info', 'ck_server_change_token_blob', 'sr_ck_server_change_token_blob']);

/** The first bytes of the attachment's file, when the source holds it. */
function headerOf(source: ArtifactSource, filename: unknown): string | null {
  // sms.db keeps "~/Library/SMS/Attachments/…": MediaDomain in a backup, the mobile user's home in a dump.
  const rel = typeof filename === 'string' ? filename.replace(/^~\//, '') : '';
  const file = rel && (source.kind === 'backup' ? source.file(rel, 'MediaDomain') : source.file(`/private/var/mobile/${rel}`));
  if (!file) return null;
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(16);
    const n = fs.readSync(fd, b, 0, 16, 0);
    return b.subarray(0, n).toString('hex');
  } finally {
    fs.closeSync(fd);
  }
}

export const smsAttachments: DeviceModule = {
  slug: 'sms_attachments',
  description: 'SMS and iMessage attachments (sms.db), with disguised-file detection',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/SMS/sms.db' }, ['/private/var/mobile/Library/SMS/sms.db'], (db) => {
      db.require('attachment', ['ROWID', 'guid', 'created_date', 'filename', 'mime_type', 'transfer_name', 'total_bytes']);
      // As MVT reads them: every column, with the message's service and sender when joined to one.
      const joined = db.columns('message_attachment_join').size > 0 && db.columns('message').has('service') && db.columns('handle').has('id');
      const rows = db.db.prepare(joined
        ? `SELECT a.ROWID AS attachment_id, a.*, m.service AS service, h.id AS phone_number FROM attachment a
           LEFT JOIN message_attachment_join j ON j.attachment_id = a.ROWID LEFT JOIN message m ON m.ROWID = j.message_id
           LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY a.created_date`
        : 'SELECT a.ROWID AS attachment_id, a.*, NULL AS service, NULL AS phone_number FROM attachment a ORDER BY a.created_date').all() as Result[];
      return rows.map((row) => {
        const r: Result = {};
        for (const [k, v] of Object.entries(row)) r[k] = BINARY.has(k) && Buffer.isBuffer(v) ? v.toString('base64') : Buffer.isBuffer(v) ? null : v;
        r.isodate = mvtTimeOfApple(row.created_date);
        r.start_date = mvtTimeOfApple(row.start_date);
        r.direction = row.is_outgoing === 1 ? 'sent' : 'received';
        r.has_user_info = row.user_info != null;
        r.service = row.service ?? 'Unknown';
        r.filename = row.filename ?? 'NULL';
        r.header_hex = headerOf(source, row.filename);
        return r;
      });
    });
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const out = typeof r.filename === 'string' && r.filename !== 'NULL' ? matchAlerts('sms_attachments', r, r.isodate as string | null, index.filePath(r.filename.replace(/^~/, '/private/var/mobile')), 'attachment') : [];
      const ext = String(r.transfer_name ?? r.filename ?? '').split('.').pop()?.toLowerCase() ?? '';
      const sniff = MAGIC[ext];
      if (sniff && typeof r.header_hex === 'string' && !sniff(Buffer.from(r.header_hex, 'hex'))) {
        out.push(heuristic('sms_attachments', 'HIGH', `attachment ${r.transfer_name ?? r.filename} is not the .${ext} its name says (as FORCEDENTRY's disguised PDFs)`, r, r.isodate as string | null));
      }
      // MVT's heuristic: a received attachment left in /var/tmp/ whose name ends in "-1".
      if (typeof r.filename === 'string' && r.filename.startsWith('/var/tmp/') && r.filename.endsWith('-1') && r.direction === 'received') {
        out.push(heuristic('sms_attachments', 'MEDIUM', `Suspicious iMessage attachment ${r.filename} on ${r.isodate ?? 'an unknown date'}`, r, r.isodate as string | null));
      }
      return out;
    });
  },
  // MVT's timeline row.
  timeline: (records) =>
    records.map((r) => ({
      timestamp: r.isodate as string | null,
      module: 'sms_attachments',
      event: 'sms_attachment',
      data: `${r.service}: Attachment '${r.transfer_name ?? 'None'}' ${r.direction} from ${r.phone_number ?? 'None'} with ${r.total_bytes ?? 0} bytes (is_sticker: ${r.is_sticker ?? 0}, has_user_info: ${r.has_user_info})`,
    })),
};
