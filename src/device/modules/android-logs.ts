// aqf_log_timestamps: when each log file AndroidQF collected (under a logs/ folder) was last
// modified, as MVT's AQFLogTimestamps gives it: a record per file with its path as MVT names it
// (the collection's folder, then the path inside) and its modification time, and MVT's MACB row.
// The time is UTC, as timeline.csv's header says; MVT writes the local time of the machine it runs
// on (the same on a machine set to UTC).
import fs from 'node:fs';
import { ArtifactNotFound } from '../errors.ts';
import { mvtTimeOfStatNs } from '../time.ts';
import type { DeviceModule, Result } from '../types.ts';
import { mvtCollectionPath } from './android-common.ts';
import { macbRows } from './common.ts';

const SLUG = 'aqf_log_timestamps';

export const aqfLogTimestamps: DeviceModule = {
  slug: SLUG,
  description: 'modification times of the log files AndroidQF collected (logs/)',
  sources: ['androidqf'],
  extract({ source }) {
    // MVT's pattern, "*/logs/*", over paths that begin with the collection's folder.
    const logs = source.find(/\/logs\/./);
    if (logs.length === 0) throw new ArtifactNotFound('logs/ folder');
    return logs.map((f) => ({ path: mvtCollectionPath(source, f.path), modified_time: mvtTimeOfStatNs(fs.statSync(f.file, { bigint: true }).mtimeNs) }) as Result);
  },
  check: () => [],
  timeline: (records) => records.flatMap((r) => macbRows(SLUG, String(r.path), { m: r.modified_time })),
};
