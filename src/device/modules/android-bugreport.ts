// MVT's bugreport modules that read the bugreport itself rather than a dumpsys service:
// dumpsys_get_prop, the dumpstate's SYSTEM PROPERTIES section read as getprop.txt is (a property
// named by an indicator CRITICAL, an old security patch MEDIUM); processes, its PROCESSES AND
// THREADS section (names against process and app-id indicators); and bugreport_timestamps, each
// FS/ entry of the archive with its time there (MVT's BugReportTimestamps, an `M---` row each). From
// a bugreport checked alone, or the bugreport.zip of an AndroidQF collection, as MVT's
// check-androidqf reaches them through its nested bugreport check.
import { parseGetprop } from '../android/parse-text.ts';
import { parseThreads } from '../android/parse-threads.ts';
import { splitLines } from '../android/lines.ts';
import { ArtifactNotFound } from '../errors.ts';
import { zipEntryTime, zipFileEntries } from '../sources/zip.ts';
import type { DeviceModule, Result } from '../types.ts';
import { bugreportDumpstateLines, bugreportZipOf } from './android-common.ts';
import { getpropAlerts, processAlerts } from './android-qf.ts';
import { macbRows } from './common.ts';

/** dumpstate's line saying how long a section took: printed when that section ends, which may be inside another. */
const DURATION_LINE = /^-{6} [\d.]+s was the duration of .* -{6}$/;

/**
 * The lines of one of dumpstate's command sections ("------ SYSTEM PROPERTIES (getprop) ------"), as
 * MVT now takes them: from the line after its title to the next section's title, or the end, without
 * the duration lines, since a section's closing time can be printed inside the next one.
 */
export function commandSection(lines: readonly string[], title: string): string | undefined {
  const start = lines.findIndex((l) => l.trim().startsWith(title));
  if (start < 0) return undefined;
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const t = line.trim();
    if (DURATION_LINE.test(t)) continue;
    if (t.startsWith('------')) break;
    out.push(line);
  }
  return out.join('\n');
}

const SYSTEM_PROPERTIES = '------ SYSTEM PROPERTIES';

/** The SYSTEM PROPERTIES section of a dumpstate's text. */
export const systemPropertiesText = (dumpstate: string): string | undefined => commandSection(splitLines(dumpstate), SYSTEM_PROPERTIES);

export const dumpsysGetprop: DeviceModule = {
  slug: 'dumpsys_get_prop',
  description: 'system properties from the bugreport\'s dumpstate (its SYSTEM PROPERTIES section)',
  sources: ['bugreport', 'androidqf'],
  extract({ source }) {
    const text = commandSection(bugreportDumpstateLines(source), SYSTEM_PROPERTIES);
    if (text === undefined) throw new ArtifactNotFound('SYSTEM PROPERTIES section of the dumpstate');
    return parseGetprop(text).records;
  },
  check: (records, { index }) => getpropAlerts('dumpsys_get_prop', records, index),
  timeline: () => [],
};

// MVT's bugreport module Processes: every thread ps saw when the bugreport was taken.
export const bugreportProcesses: DeviceModule = {
  slug: 'processes',
  description: "processes and their threads from the bugreport's dumpstate (its PROCESSES AND THREADS section)",
  sources: ['bugreport', 'androidqf'],
  extract({ source }) {
    const text = commandSection(bugreportDumpstateLines(source), '------ PROCESSES AND THREADS');
    if (text === undefined) throw new ArtifactNotFound('PROCESSES AND THREADS section of the dumpstate');
    return parseThreads(text).records as unknown as Result[];
  },
  check: (records, { index }) => processAlerts('processes', records, index),
  timeline: () => [],
};

export const bugreportTimestamps: DeviceModule = {
  slug: 'bugreport_timestamps',
  description: 'times of the files a bugreport copied from the phone (its FS/ folder)',
  sources: ['bugreport', 'androidqf'],
  extract({ source }) {
    // MVT's pattern, "FS/*", in the archive's order; its time is the entry's, as Python's zipfile
    // gives it. Only the archive's directory is read.
    const entries = zipFileEntries(bugreportZipOf(source)).filter((e) => e.name.startsWith('FS/'));
    if (entries.length === 0) throw new ArtifactNotFound('FS/ folder of the bugreport');
    return entries.map((e) => ({ path: e.name, modified_time: zipEntryTime(e) }) as Result);
  },
  check: () => [],
  timeline: (records) => records.flatMap((r) => macbRows('bugreport_timestamps', String(r.path), { m: r.modified_time })),
};
