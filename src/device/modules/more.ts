// More iOS database modules: calls and app privacy permissions (TCC). Each reads its
// real schema and checks what indicators can name.
import { appleTime } from '../sqlite.ts';
import { isoOfEpochMs } from '../time.ts';
import type { DeviceModule, Result } from '../types.ts';
import { matchAlerts, withModuleDb } from './common.ts';

export const calls: DeviceModule = {
  slug: 'calls',
  description: 'phone and FaceTime call history (CallHistory.storedata)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/CallHistoryDB/CallHistory.storedata' }, ['/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata'], (db) => {
      db.require('ZCALLRECORD', ['ZADDRESS', 'ZDATE', 'ZDURATION', 'ZORIGINATED', 'ZSERVICE_PROVIDER']);
      const rows = db.db.prepare('SELECT ZADDRESS AS address, ZDATE AS date, ZDURATION AS duration, ZORIGINATED AS originated, ZSERVICE_PROVIDER AS provider FROM ZCALLRECORD ORDER BY ZDATE').all() as Result[];
      return rows.map((r) => ({ isodate: appleTime(r.date), number: r.address == null ? null : String(r.address), duration: r.duration, direction: r.originated ? 'outgoing' : 'incoming', provider: r.provider }));
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => (r.number ? matchAlerts('calls', r, r.isodate as string | null, index.match(String(r.number), 'account'), 'call with') : []));
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'calls', event: `call_${r.direction}`, data: `${r.number ?? 'unknown'} via ${r.provider ?? '?'} for ${r.duration ?? 0}s` })),
};

export const tcc: DeviceModule = {
  slug: 'tcc',
  description: 'app privacy permissions: camera, microphone, location… (TCC.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/TCC/TCC.db' }, ['/private/var/mobile/Library/TCC/TCC.db'], (db) => {
      db.require('access', ['service', 'client', 'client_type']);
      const cols = db.columns('access');
      // iOS 14 renamed "allowed" to "auth_value".
      const auth = cols.has('auth_value') ? 'auth_value' : cols.has('allowed') ? 'allowed' : 'NULL';
      const time = cols.has('last_modified') ? 'last_modified' : 'NULL';
      const rows = db.db.prepare(`SELECT service, client, client_type, ${auth} AS auth, ${time} AS modified FROM access`).all() as Result[];
      return rows.map((r) => ({ isodate: r.modified == null ? null : isoOfEpochMs(Number(r.modified) * 1000), service: r.service, client: r.client, client_type: r.client_type, auth_value: r.auth }));
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => {
      const client = String(r.client ?? '');
      return matchAlerts('tcc', r, r.isodate as string | null, [...index.match(client, 'app_id'), ...index.process(client)], `app with ${r.service} permission`);
    });
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'tcc', event: 'permission', data: `${r.client} ${r.service} ${r.auth_value}` })),
};
