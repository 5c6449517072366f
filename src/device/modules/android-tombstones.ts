// tombstones: the crash reports of a bugreport (FS/data/tombstones/tombstone_NN), as MVT's
// Tombstones module reads them — a record per crash, its process against process indicators
// (CRITICAL), and a crash of a process running as root, system or shell MEDIUM, as MVT rates it:
// exploits crash privileged processes. Both forms are read: text, and the protobuf (.pb) recent
// Android writes beside it. From a bugreport checked alone, or the bugreport.zip of an AndroidQF
// collection, as MVT's check-androidqf reaches it through its nested bugreport check.
import path from 'node:path';
import { CollectionError } from '../android/parse-json.ts';
import { parseTombstone, parseTombstonePb } from '../android/parse-tombstone.ts';
import { ArtifactNotFound } from '../errors.ts';
import { openZip, zipEntryTime } from '../sources/zip.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { bugreportZipOf, recordsOfEach } from './android-common.ts';
import { heuristic, matchAlerts } from './common.ts';

const SLUG = 'tombstones';
/** A tombstone past this size is not read (they are kilobytes). */
const MAX_TOMBSTONE_BYTES = 16 * 2 ** 20;
const SUSPICIOUS_UIDS = new Set([0, 1000, 2000]);

export const tombstones: DeviceModule = {
  slug: SLUG,
  description: 'crash reports of processes (a bugreport\'s tombstones, also inside an AndroidQF collection)',
  sources: ['androidqf', 'bugreport'],
  extract({ source }) {
    const zipFile = bugreportZipOf(source);
    const zip = openZip(zipFile);
    // MVT's pattern, "*/tombstone_*", in the archive's order sorted.
    const entries = zip.entries.filter((e) => /\/tombstone_[^/]*$/.test(e.name) && !e.name.includes('..')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.length === 0) throw new ArtifactNotFound('tombstone files in the bugreport');
    // An empty file holds no crash: MVT skips it rather than fail on it.
    return recordsOfEach(entries.filter((e) => e.size > 0), (e) => {
      const where = `${path.basename(zipFile)}:${e.name}`;
      const time = zipEntryTime(e);
      if (!time) throw new CollectionError(where, 'its time in the archive is no date');
      const bytes = zip.read(e, MAX_TOMBSTONE_BYTES);
      const name = e.name.split('/').pop()!;
      return [(e.name.endsWith('.pb') ? parseTombstonePb(bytes, name, time, where) : parseTombstone(new TextDecoder('utf-8', { fatal: false }).decode(bytes), name, time, where)) as Result];
    });
  },
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const time = (r.timestamp as string) || '';
      const byName = matchAlerts(SLUG, r, time, index.process(String(r.process_name ?? '')), 'crashed process');
      if (byName.length > 0) {
        out.push(...byName);
        continue;
      }
      const command = Array.isArray(r.command_line) && typeof r.command_line[0] === 'string' ? r.command_line[0].split('/').pop()! : '';
      const byCommand = command ? matchAlerts(SLUG, r, time, index.process(command), 'crashed process') : [];
      if (byCommand.length > 0) {
        out.push(...byCommand);
        continue;
      }
      if (SUSPICIOUS_UIDS.has(r.uid as number)) out.push(heuristic(SLUG, 'MEDIUM', `Potentially suspicious crash in process '${r.process_name}' running as UID '${r.uid}' in tombstone '${r.file_name}' at ${r.timestamp}`, r, time));
    }
    return out;
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.timestamp as string, module: SLUG, event: 'Tombstone', data: `Crash in '${r.process_name}' process running as UID '${r.uid}' in file '${r.file_name}' Crash type '${(r.signal_info as { name: string }).name}' with code '${(r.signal_info as { code_name: string }).code_name}'` })),
};
