// Android tombstones, the crash reports debuggerd writes (a bugreport's FS/data/tombstones/): the
// protobuf form recent Android writes (tombstone_NN.pb), and the text form, read line by line as
// MVT's TombstoneCrashArtifact reads them: the build, the crashing process (pid, tid, name,
// binary), its uid, the signal and its code, the cause and the abort message, into MVT's record. A tombstone MVT's model refuses (a field missing, a line of a
// known key that does not read) is a CollectionError naming its line.
import { CollectionError } from './parse-json.ts';
import { parseTombstoneProto } from './protobuf.ts';
import { pythonInt, splitLines, stripChars } from './lines.ts';
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';

const DELIMITER = '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***';

// MVT's keys of the text form, in the order it tries them, and where each goes.
const KEYS: [string, string][] = [
  ['Build fingerprint', 'build_fingerprint'], ['Revision', 'revision'], ['ABI', 'arch'], ['Timestamp', 'timestamp'], ['Process uptime', 'process_uptime'],
  ['Cmdline', 'command_line'], ['pid', 'pid'], ['tid', 'tid'], ['name', 'process_name'], ['binary_path', 'binary_path'], ['uid', 'uid'], ['signal', 'signal_info'],
  ['code', 'code'], ['Cause', 'cause'], ['Abort message', 'abort_message'],
];

/** Python's int() as MVT's parser calls it: text that is no integer raises. */
function pyInt(s: string): number {
  const n = pythonInt(s);
  if (n === undefined) throw new Error(`invalid literal for int(): '${s.trim()}'`);
  return n;
}

/**
 * A tombstone's time as MVT keeps it: the wall-clock time it names, its zone dropped (dateutil
 * reads at most six digits of the fraction), in MVT's text.
 */
export function tombstoneTime(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new Error(`unknown time format: ${text.slice(0, 40)}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const time = mvtTimeOfParts(secondsOfCivil(y, mo, d, h, mi, s), Number((m[7] ?? '').padEnd(6, '0').slice(0, 6)));
  if (time === null) throw new Error(`no such time: ${text.slice(0, 40)}`);
  return time;
}

/** MVT's `signal N (NAME), code M (NAME)` line. */
function signalInfo(line: string): Record<string, unknown> {
  const [signal, code] = line.split(',').slice(0, 2).map((p) => p.trim());
  if (code === undefined) throw new Error('no code on the signal line');
  const part = (p: string, prefix: string): [number, string] => {
    const after = p.split(prefix)[1];
    if (after === undefined) throw new Error(`no "${prefix.trim()}" in "${p}"`);
    const name = after.includes('(') ? after.split('(')[1].split(')')[0] : 'UNKNOWN';
    return [pyInt(after.trim().split(/\s+/)[0] ?? ''), name];
  };
  const [number, name] = part(signal, 'signal ');
  const [codeNumber, codeName] = part(code, 'code ');
  return { code: codeNumber, code_name: codeName, name, number };
}

/** The first pid line (the crashing thread): pid, tid, name, and the binary after ">>>". */
function pidLine(line: string, t: Record<string, unknown>): void {
  if ('pid' in t) return;
  const parts = line.includes(' >>> ') ? line.split(' >>> ') : line.split('>>>');
  for (const info of parts[0].split(',').map((p) => p.trim())) {
    const colon = info.indexOf(':');
    if (colon < 0) throw new Error(`Failed to parse PID line: not enough values to unpack in "${info}"`);
    const [key, value] = [info.slice(0, colon).trim(), info.slice(colon + 1).trim()];
    if (key === 'pid') t.pid = pyInt(value);
    else if (key === 'tid') t.tid = pyInt(value);
    else if (key === 'name') t.process_name = value;
  }
  if (parts.length > 1) t.binary_path = parts[1].trim().replace(/[ <]+$/, '');
}

/**
 * One line that starts with a known key into the record; false when it is another line that only
 * starts with the same letters (`Caused by:` in an abort message, `code around pc:`), which the
 * next keys may take, as MVT now reads it. Failing the whole tombstone there lost the crash.
 */
function keyLine(line: string, key: string, dest: string, t: Record<string, unknown>): boolean {
  if (key === 'pid') {
    pidLine(line, t);
    return true;
  }
  if (key === 'signal') {
    t.signal_info = signalInfo(line);
    return true;
  }
  if (key === 'Timestamp') {
    t.timestamp = tombstoneTime(line.slice(line.indexOf(':') + 1));
    return true;
  }
  const colon = line.indexOf(':');
  if (colon < 0 || line.slice(0, colon) !== key) return false;
  // Python's strip() then strip("'").
  const value = stripChars(line.slice(colon + 1).trim(), "'");
  if (dest === 'uid') t.uid = pyInt(value);
  else if (dest === 'process_uptime') t.process_uptime = pyInt(value.replace(/s+$/, ''));
  else if (dest === 'command_line') t.command_line = [value];
  else t[dest] = value;
  return true;
}

const REQUIRED = ['build_fingerprint', 'revision', 'timestamp', 'pid', 'tid', 'uid', 'signal_info'] as const;

// MVT's model of a tombstone (TombstoneCrashResult), in its order.
const MODEL = ['file_name', 'file_timestamp', 'build_fingerprint', 'revision', 'arch', 'timestamp', 'process_uptime', 'command_line', 'pid', 'tid', 'process_name', 'binary_path', 'selinux_label', 'uid', 'signal_info', 'cause', 'causes', 'abort_message', 'extra'];

/** The record MVT's model gives of either form: its fields in order, what the form lacks as null. */
const modelRecord = (t: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(MODEL.map((k) => [k, t[k] ?? null]));

/** MVT's record of a text tombstone, `fileTime` the archive's time of its file. */
export function parseTombstone(text: string, fileName: string, fileTime: string, where = fileName): Record<string, unknown> {
  const t: Record<string, unknown> = { file_name: fileName, file_timestamp: fileTime };
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '' || line.includes(DELIMITER)) return;
    try {
      for (const [key, dest] of KEYS) if (line.startsWith(key) && keyLine(line, key, dest, t)) break;
    } catch (e) {
      throw new CollectionError(where, `line ${i + 1}: ${(e as Error).message}`);
    }
  });
  const missing = REQUIRED.filter((k) => t[k] === undefined);
  if (missing.length > 0) throw new CollectionError(where, `not a tombstone MVT reads: no ${missing.join(', ')}`);
  // A later "tid:" line leaves text where MVT's model wants a number, which its model reads as one.
  for (const k of ['pid', 'tid'] as const) {
    if (typeof t[k] !== 'string') continue;
    try {
      t[k] = pyInt(t[k] as string);
    } catch {
      throw new CollectionError(where, `${k} is not a number: ${String(t[k]).slice(0, 20)}`);
    }
  }
  return modelRecord(t);
}

/**
 * MVT's record of a protobuf tombstone (parse_protobuf): the process named by its crashing thread,
 * "Unknown" when none is. A tombstone without a time (none, or blanks) takes its file's, as MVT does.
 */
export function parseTombstonePb(buf: Buffer, fileName: string, fileTime: string, where = fileName): Record<string, unknown> {
  const t = parseTombstoneProto(buf, where);
  if (!t.signal_info) throw new CollectionError(where, 'not a tombstone MVT reads: no signal_info');
  const written = typeof t.timestamp === 'string' ? t.timestamp.trim() : '';
  let timestamp: string;
  try {
    timestamp = written === '' ? fileTime : tombstoneTime(written);
  } catch (e) {
    throw new CollectionError(where, (e as Error).message);
  }
  return modelRecord({ ...t, file_name: fileName, file_timestamp: fileTime, timestamp, process_name: t.thread_name ?? 'Unknown' });
}
