// More iOS database modules: calls and app privacy permissions (TCC). Each reads its
// real schema and checks what indicators can name.
import { mvtTimeOfApple, mvtTimeOfUnix } from '../time.ts';
import type { DeviceModule, Result } from '../types.ts';
import { matchAlerts, withModuleDb } from './common.ts';
import { realOf } from '../sqlite.ts';

export const calls: DeviceModule = {
  slug: 'calls',
  description: 'phone and FaceTime call history (CallHistory.storedata)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/CallHistoryDB/CallHistory.storedata' }, ['/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata'], (db) => {
      db.require('ZCALLRECORD', ['ZADDRESS', 'ZDATE', 'ZDURATION', 'ZORIGINATED', 'ZSERVICE_PROVIDER']);
      const rows = db.db.prepare(`SELECT ZADDRESS AS address, ZDATE AS date, ZDURATION AS duration, ${db.orNull('ZCALLRECORD', 'ZLOCATION')} AS location, ZORIGINATED AS originated, ZSERVICE_PROVIDER AS provider FROM ZCALLRECORD ORDER BY ZDATE`).all() as Result[];
      // MVT's keys (a number can be stored as bytes), and the call's direction.
      return rows.map((r) => ({ isodate: mvtTimeOfApple(r.date), duration: realOf(r.duration), location: r.location ?? null, number: r.address == null ? null : Buffer.isBuffer(r.address) ? r.address.toString('utf8') : String(r.address), provider: r.provider, direction: r.originated ? 'outgoing' : 'incoming' }));
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => (r.number ? matchAlerts('calls', r, r.isodate as string | null, index.match(String(r.number), 'account'), 'call with') : []));
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'calls', event: 'call', data: `${r.direction === 'outgoing' ? 'To' : 'From'} ${r.number ?? 'unknown'} using ${r.provider ?? 'unknown'} during ${r.duration ?? 0} seconds` })),
};

// TCC's codes as MVT names them (iOS 14 and later, then the older "allowed" flag).
const AUTH_VALUES: Record<number, string> = { 0: 'denied', 1: 'unknown', 2: 'allowed', 3: 'limited' };
const AUTH_VALUES_OLD: Record<number, string> = { 0: 'denied', 1: 'allowed' };
const AUTH_REASONS: Record<number, string> = {
  1: 'error', 2: 'user_consent', 3: 'user_set', 4: 'system_set', 5: 'service_policy', 6: 'mdm_policy', 7: 'override_policy',
  8: 'missing_usage_string', 9: 'prompt_timeout', 10: 'preflight_unknown', 11: 'entitled', 12: 'app_type_policy',
};

export const tcc: DeviceModule = {
  slug: 'tcc',
  description: 'app privacy permissions: camera, microphone, location… (TCC.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/TCC/TCC.db' }, ['/private/var/mobile/Library/TCC/TCC.db'], (db) => {
      db.require('access', ['service', 'client', 'client_type']);
      const cols = db.columns('access');
      const col = (name: string) => db.orNull('access', name);
      // iOS 14 renamed "allowed" to "auth_value" and added why it was given.
      const current = cols.has('auth_value');
      const rows = db.db.prepare(`SELECT service, client, client_type, ${current ? 'auth_value' : col('allowed')} AS auth, ${col('auth_reason')} AS reason, ${col('prompt_count')} AS prompts, ${col('last_modified')} AS modified FROM access`).all() as Result[];
      // MVT's keys for the database's version, and the time as isodate too.
      return rows.map((r) => {
        const modified = r.modified == null ? null : mvtTimeOfUnix(Number(r.modified));
        const common = { service: r.service, client: r.client, client_type: r.client_type === 0 ? 'bundle_id' : 'absolute_path' };
        const auth = current
          ? { auth_value: AUTH_VALUES[Number(r.auth)] ?? '', auth_reason_desc: AUTH_REASONS[Number(r.reason)] ?? 'unknown' }
          : { allowed_value: AUTH_VALUES_OLD[Number(r.auth)] ?? '', prompt_count: r.prompts };
        return { ...common, ...auth, ...(cols.has('last_modified') ? { last_modified: modified } : {}), isodate: modified };
      });
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => {
      const client = String(r.client ?? '');
      return matchAlerts('tcc', r, r.isodate as string | null, [...index.match(client, 'app_id'), ...index.process(client)], `app with ${r.service} permission`);
    });
  },
  // MVT's row, for records with a time.
  timeline: (records) =>
    records.filter((r) => 'last_modified' in r).map((r) => ({ timestamp: r.isodate as string | null, module: 'tcc', event: 'AccessRequest', data: `Access to ${r.service} by ${r.client} ${r.allowed_value ?? r.auth_value}` })),
};
