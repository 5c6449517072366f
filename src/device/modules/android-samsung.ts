// samsung_sfs_logs: the USB and ADB events in the system framework logs Samsung phones keep
// (sfslog.N.gz, collected by AndroidQF), as MVT's SamsungSFSLogs reads them: which computers'
// ADB keys were allowed or denied, which USB devices were attached, how the USB state changed —
// a phone's cable history, when someone may have had it in hand. MVT flags none of them; nor does vigil.
// Each log is decompressed within a bound; one that cannot be read is left out, and when none can,
// the module fails with the first one's error.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { CollectionError } from '../android/parse-json.ts';
import { parseSfslog, SFSLOG_FILE } from '../android/parse-sfslog.ts';
import { ArtifactNotFound } from '../errors.ts';
import type { DeviceModule, Result } from '../types.ts';
import { mvtCollectionPath, recordsOfEach } from './android-common.ts';

const SLUG = 'samsung_sfs_logs';
/** A log past this size, decompressed, is refused (a phone's are a few megabytes). */
const MAX_LOG_BYTES = 256 * 2 ** 20;

/** A record's timeline description, as MVT's serialize writes it. */
function describe(r: Result): string {
  if (r.event === 'adb_connection') return `ADB key ${r.fingerprint || '<unknown>'} (${r.user || 'unknown user'}): ${r.state_name}`;
  if (r.event === 'usb_device_attached') return `USB device ${r.vendor_id}:${r.product_id} attached (${r.manufacturer} ${r.product})`;
  return `USB state changed to ${r.usb_state}${r.device_path ? ` at ${r.device_path}` : ''}`;
}

export const samsungSfsLogs: DeviceModule = {
  slug: SLUG,
  description: 'USB and ADB events in Samsung\'s system framework logs (sfslog.N.gz)',
  sources: ['androidqf'],
  extract({ source }) {
    const logs = source.find(SFSLOG_FILE);
    if (logs.length === 0) throw new ArtifactNotFound('Samsung sfslog files');
    return recordsOfEach(logs, (f) => {
      let text: string;
      try {
        text = new TextDecoder('utf-8').decode(zlib.gunzipSync(fs.readFileSync(f.file), { maxOutputLength: MAX_LOG_BYTES }));
      } catch (e) {
        throw new CollectionError(f.path, `not a gzip file, or larger than ${MAX_LOG_BYTES / 2 ** 20} MiB decompressed: ${(e as Error).message}`);
      }
      return parseSfslog(text, mvtCollectionPath(source, f.path)) as Result[];
    });
  },
  check: () => [],
  timeline: (records) => records.map((r) => ({ timestamp: r.timestamp as string, module: SLUG, event: String(r.event), data: describe(r) })),
};
