// WhatsApp's ChatStorage.sqlite as MVT reads it: every column of each message, with its media
// item's author and URL and its data item's (link preview) fields joined in. Links come from the
// text, the matched text, the media URL and the preview's contents, less WhatsApp's own media
// servers: an exploit link can arrive as a preview as well as in the text.
import { withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { inTimeOrder, linkAlerts, locate, urlsIn } from './common.ts';
import { mvtTimeOfApple } from '../time.ts';

const JOINED: [string, string[]][] = [
  ['ZWAMEDIAITEM', ['ZAUTHORNAME', 'ZMEDIAURL']],
  ['ZWAMESSAGEDATAITEM', ['ZCONTENT1', 'ZCONTENT2', 'ZMATCHEDTEXT', 'ZSUMMARY', 'ZTITLE']],
];
const LINK_FIELDS = ['ZTEXT', 'ZMATCHEDTEXT', 'ZMEDIAURL', 'ZCONTENT1', 'ZCONTENT2'];
const WHATSAPP_MEDIA = ['https://mmg-fna.whatsapp.net/', 'https://mmg.whatsapp.net/'];

function messages(db: EvidenceDb): Result[] {
  db.require('ZWAMESSAGE', ['Z_PK', 'ZTEXT', 'ZMESSAGEDATE', 'ZFROMJID']);
  const selects: string[] = [];
  const joins: string[] = [];
  // Other WhatsApp versions may lack a joined table or some of its columns: those read as null.
  for (const [table, cols] of JOINED) {
    const joined = db.columns(table).has('ZMESSAGE');
    for (const c of cols) selects.push(`${joined ? db.orNull(table, c, table) : 'NULL'} AS ${c}`);
    if (joined) joins.push(`LEFT JOIN ${table} ON ${table}.ZMESSAGE = ZWAMESSAGE.Z_PK`);
  }
  const rows = db.db.prepare(`SELECT ZWAMESSAGE.*, ${selects.join(', ')} FROM ZWAMESSAGE ${joins.join(' ')}`).all() as Result[];
  const records = rows.map((row) => {
    const r: Result = {};
    for (const [k, v] of Object.entries(row)) r[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
    r.isodate = mvtTimeOfApple(r.ZMESSAGEDATE);
    r.ZTEXT = r.ZTEXT || '';
    const links = LINK_FIELDS.flatMap((f) => urlsIn(r[f])).filter((u) => !WHATSAPP_MEDIA.some((m) => u.startsWith(m)));
    r.links = [...new Set(links)];
    return r;
  });
  return inTimeOrder(records, 'ZMESSAGEDATE');
}

export const whatsapp: DeviceModule = {
  slug: 'whatsapp',
  description: 'WhatsApp messages and the links in their text, previews and media (ChatStorage.sqlite)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    // WhatsApp Business keeps a ChatStorage.sqlite of its own: every one found is read.
    const found = locate(source, /^AppDomainGroup-group\.net\.whatsapp\.[^/]*-ChatStorage\.sqlite$/, /^\/private\/var\/mobile\/Containers\/Shared\/AppGroup\/[^/]+\/ChatStorage\.sqlite$/, 'ChatStorage.sqlite');
    return found.flatMap((f) => withEvidenceDb(f.file, f.path, messages));
  },
  check(records, { index }) {
    return linkAlerts('whatsapp', records, index, 'link in a WhatsApp message');
  },
  // MVT's rows: every message, with its links.
  timeline: (records) =>
    records.map((r) => {
      const links = r.links as string[];
      return { timestamp: r.isodate as string | null, module: 'whatsapp', event: 'message', data: `'${String(r.ZTEXT).replace(/\n/g, '\\n')}' from ${r.ZFROMJID ?? 'Unknown'}${links.length > 0 ? ` - Embedded links: ${links.join(', ')}` : ''}` };
    }),
};
