// The device and the archive a sysdiagnose came from, as MVT's SysdiagnoseInfo gathers them from
// four of its files: the App Store daemon's database (the Apple account's name and address, on
// older iOS), the mobile activation request (serial, IMEI, UDID, build), remotectl's dump of the
// device's properties, and sysdiagnose.log (the archive's original name and creation time). An
// analyst needs these to tie a report to one phone; nothing in them is checked against indicators.
import fs from 'node:fs';
import { ArtifactNotFound } from '../errors.ts';
import { iphoneModelName } from '../ios-models.ts';
import { parsePlist } from '../plist.ts';
import { withEvidenceDb } from '../sqlite.ts';
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';
import type { DeviceModule, Result } from '../types.ts';
import { oneDictionary } from './common.ts';

const utf8 = new TextDecoder('utf-8');

/** The account name in the first asset whose sinf holds one, and the first account address of a download. */
function appStoreAccount(file: string, where: string, into: Result): void {
  withEvidenceDb(file, where, (db) => {
    if (db.columns('asset').has('sinfs_data')) {
      for (const [blob] of db.db.prepare('SELECT sinfs_data FROM asset').raw(true).all() as unknown[][]) {
        let sinf: unknown;
        try {
          const list = parsePlist(Buffer.from(blob as Uint8Array), where);
          sinf = Array.isArray(list) && list[0] && typeof list[0] === 'object' ? (list[0] as Record<string, unknown>).sinf : undefined;
        } catch {
          continue;
        }
        if (!Buffer.isBuffer(sinf)) continue;
        // "name", then the name up to the first NUL, on one line as Python's bytes pattern reads it
        // (latin1 keeps every byte as one character).
        const m = /name([^\n]*?)\x00/.exec(sinf.toString('latin1'));
        if (m) {
          into['Account Name'] = utf8.decode(Buffer.from(m[1], 'latin1'));
          break;
        }
      }
    }
    if (db.columns('job_software').has('store_account_name')) {
      const row = db.db.prepare('SELECT store_account_name FROM job_software WHERE store_account_name IS NOT NULL LIMIT 1').raw(true).get() as unknown[] | undefined;
      if (row) into['Email Address'] = row[0];
    }
  });
}

/** The JSON body of the activation request: the device's identifiers. */
function activationRequest(text: string, into: Result): void {
  // Python's bytes pattern: ASCII whitespace, and any character but a newline inside the braces.
  const m = /BODY:[ \t\n\r\f\v]+(\{[^\n]+?\})[ \t\n\r\f\v]/.exec(text);
  if (!m) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(m[1]);
  } catch {
    return;
  }
  const keys: [string, string][] = [['SerialNumber', 'serial-number'], ['ProductType', 'productType'], ['ProductName', 'productName'], ['IMEI', 'imei'], ['ProductVersion', 'os-version'], ['UniqueIdentifier', 'udid'], ['MEID', 'meid'], ['BuildVersion', 'os-build']];
  for (const [key, field] of keys) into[key] = body[field] ?? null;
}

/** remotectl's Properties block: "key => value" lines between "\tProperties: {" and "\t}". */
function remotectlProperties(text: string, into: Result): void {
  let inside = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!inside) {
      inside = line === '\tProperties: {';
      continue;
    }
    if (line === '\t}') break;
    const at = line.indexOf('=>');
    if (at >= 0) into[line.slice(0, at).trim()] = line.slice(at + 2).trim();
  }
}

/** The archive's name in sysdiagnose.log and the time it names (its offset applied), as MVT's text. */
export function sysdiagnoseCreation(text: string): { name: string; created: string | null } | null {
  const m = /sysdiagnose_\S+?\.tar\.gz/.exec(text);
  if (!m) return null;
  const name = m[0].slice(m[0].lastIndexOf('/') + 1);
  const t = /^(\d{4})\.(\d{2})\.(\d{2})_(\d{2})-(\d{2})-(\d{2})([+-])(\d{2})(\d{2})$/.exec(name.split('_').slice(1, 3).join('_'));
  if (!t) return { name, created: null };
  const [, y, mo, d, h, mi, s, sign, oh, om] = t.map(String);
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  return { name, created: mvtTimeOfParts(secondsOfCivil(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)) - offset, 0) };
}

export const sysdiagnoseInfo: DeviceModule = {
  slug: 'sysdiagnose_info',
  description: 'the device and the archive: model, serial, IMEI, build, Apple account, creation time',
  sources: ['sysdiagnose'],
  extract({ source }) {
    const r: Result = {};
    // By name at any depth, as MVT's patterns ("*/remotectl_dumpstate.txt") find them.
    const stores = source.find(/\/logs\/appinstallation\/appstored\.sqlitedb$/);
    const activations = source.find(/\/logs\/MobileActivation\/collection_oob_request\.txt$/);
    const dumps = source.find(/\/remotectl_dumpstate\.txt$/);
    const logs = source.find(/\/sysdiagnose\.log$/);
    if (stores.length + activations.length + dumps.length + logs.length === 0) {
      throw new ArtifactNotFound('sysdiagnose.log, remotectl_dumpstate.txt, the activation request and the App Store database', source.root);
    }
    for (const f of stores) appStoreAccount(f.file, f.path, r);
    for (const f of activations) activationRequest(utf8.decode(fs.readFileSync(f.file)), r);
    for (const f of dumps) remotectlProperties(utf8.decode(fs.readFileSync(f.file)), r);
    for (const f of logs) {
      const c = sysdiagnoseCreation(utf8.decode(fs.readFileSync(f.file)));
      // MVT keeps neither when the name's time cannot be read.
      if (c && c.created !== null) {
        r.OriginalFilename = c.name;
        r.CreatedTimestamp = c.created;
      }
    }
    // The model's name in place of the request's "iPhone OS", as MVT gives it; kept when unknown.
    const model = iphoneModelName(typeof r.ProductType === 'string' ? r.ProductType : '');
    if (model) r.ProductName = model;
    return [r];
  },
  ...oneDictionary,
  check: () => [],
  timeline: () => [],
};
