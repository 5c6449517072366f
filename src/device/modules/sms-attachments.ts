// SMS and iMessage attachments (sms.db): their paths against indicators, and files whose content
// is not what their name says: FORCEDENTRY arrived as PDF/JBIG2 files named .gif.
import fs from 'node:fs';
import { appleTime } from '../sqlite.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { matchAlerts, withModuleDb } from './common.ts';

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  gif: (b) => /^GIF8[79]a/.test(b.toString('latin1', 0, 6)),
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8,
  pdf: (b) => b.toString('latin1', 0, 5) === '%PDF-',
};

export const smsAttachments: DeviceModule = {
  slug: 'sms_attachments',
  description: 'SMS and iMessage attachments (sms.db), with disguised-file detection',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/SMS/sms.db' }, ['/private/var/mobile/Library/SMS/sms.db'], (db) => {
      db.require('attachment', ['ROWID', 'guid', 'created_date', 'filename', 'mime_type', 'transfer_name', 'total_bytes']);
      const rows = db.db.prepare('SELECT ROWID AS attachment_id, guid, created_date, filename, mime_type, transfer_name, total_bytes FROM attachment ORDER BY created_date').all() as Result[];
      return rows.map(({ created_date, ...r }) => {
        // sms.db keeps "~/Library/SMS/Attachments/…": MediaDomain in a backup, the mobile user's home in a dump.
        const rel = typeof r.filename === 'string' ? r.filename.replace(/^~\//, '') : '';
        const file = rel && (source.kind === 'backup' ? source.file(rel, 'MediaDomain') : source.file(`/private/var/mobile/${rel}`));
        let header: string | null = null;
        if (file) {
          const fd = fs.openSync(file, 'r');
          const b = Buffer.alloc(16);
          fs.readSync(fd, b, 0, 16, 0);
          fs.closeSync(fd);
          header = b.toString('hex');
        }
        return { ...r, isodate: appleTime(created_date), header_hex: header } as Result;
      });
    });
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const out = typeof r.filename === 'string' ? matchAlerts('sms_attachments', r, r.isodate as string | null, index.filePath(r.filename.replace(/^~/, '/private/var/mobile')), 'attachment') : [];
      const ext = String(r.transfer_name ?? r.filename ?? '').split('.').pop()?.toLowerCase() ?? '';
      const sniff = MAGIC[ext];
      if (sniff && typeof r.header_hex === 'string' && !sniff(Buffer.from(r.header_hex, 'hex'))) {
        out.push({ level: 'HIGH', module: 'sms_attachments', message: `attachment ${r.transfer_name ?? r.filename} is not the .${ext} its name says (as FORCEDENTRY's disguised PDFs)`, event_time: r.isodate as string | null, event: r, matched_indicator: null });
      }
      return out;
    });
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'sms_attachments', event: 'sms_attachment', data: `${r.transfer_name ?? ''} (${r.mime_type ?? ''}, ${r.total_bytes ?? 0} bytes)` })),
};
