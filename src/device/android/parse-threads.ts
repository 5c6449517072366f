// The dumpstate's PROCESSES AND THREADS section: `ps -A -T -Z -O pri,nice,rtprio,sched,pcy,time`,
// a row per thread (before Android 7, toolbox's `ps -Z -t -p -P`, with other columns). Read by the
// header, so either layout gives MVT's process keys (user, pid, ppid, virtual_memory_size,
// resident_set_size, wchan, aprocress, stat, proc_name, label) and the thread's own (tid, priority,
// nice, rtprio, scheduling_policy, cpu_policy, time). A thread's name may hold spaces ("Signal
// Catcher"), so the name is the rest of the row.
import type { Parsed, ProcessRecord } from './parse-text.ts';

export interface ThreadRecord extends ProcessRecord {
  tid: number;
  priority: string;
  nice: string;
  rtprio: string;
  scheduling_policy: string;
  cpu_policy: string;
  time: string;
}

// Header names of toybox's and toolbox's ps, to the record's keys.
const COLUMNS: Record<string, keyof ThreadRecord> = {
  LABEL: 'label', USER: 'user', PID: 'pid', TID: 'tid', PPID: 'ppid', VSZ: 'virtual_memory_size', VSIZE: 'virtual_memory_size', RSS: 'resident_set_size',
  WCHAN: 'wchan', ADDR: 'aprocress', PC: 'aprocress', S: 'stat', PRI: 'priority', PRIO: 'priority', NI: 'nice', NICE: 'nice', RTPRIO: 'rtprio', RTPRI: 'rtprio',
  SCH: 'scheduling_policy', SCHED: 'scheduling_policy', PCY: 'cpu_policy', TIME: 'time', CMD: 'proc_name', NAME: 'proc_name',
};
const NUMBERS = new Set<keyof ThreadRecord>(['pid', 'tid', 'ppid', 'virtual_memory_size', 'resident_set_size']);
// A thread's state, as ps prints it.
const STATE = /^[RSDZTtXxIKWPL]$/;

/** The threads of the section's text (its header first). Rows that do not fit the header are counted. */
export function parseThreads(text: string): Parsed<ThreadRecord> {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^\s*(LABEL\s+)?USER\s+PID\b/.test(l));
  if (at < 0) return { records: [], skipped: lines.filter((l) => l.trim()).length };
  const header = lines[at].trim().split(/\s+/);
  const keys = header.map((h) => COLUMNS[h]);
  const last = header.length - 1;
  if (keys[last] !== 'proc_name') return { records: [], skipped: lines.length - at - 1 };
  const wchan = keys.indexOf('wchan');
  const stat = keys.indexOf('stat');
  const records: ThreadRecord[] = [];
  let skipped = 0;
  for (const line of lines.slice(at + 1)) {
    let f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') continue;
    // An empty WCHAN leaves its column out: the state then sits one column early.
    if (wchan >= 0 && stat > wchan && f.length > stat && !STATE.test(f[stat]) && STATE.test(f[stat - 1])) f = [...f.slice(0, wchan), '', ...f.slice(wchan)];
    if (f.length < header.length) {
      skipped++;
      continue;
    }
    const r: Record<string, unknown> = { user: '', pid: 0, ppid: 0, virtual_memory_size: 0, resident_set_size: 0, wchan: '', aprocress: '', stat: '', proc_name: '', label: '', tid: 0, priority: '', nice: '', rtprio: '', scheduling_policy: '', cpu_policy: '', time: '' };
    let ok = true;
    keys.slice(0, last).forEach((k, i) => {
      if (!k) return;
      if (NUMBERS.has(k)) {
        ok &&= /^\d+$/.test(f[i]);
        r[k] = Number(f[i]);
      } else r[k] = f[i];
    });
    if (!ok) {
      skipped++;
      continue;
    }
    // Toolbox prints the state before the name without a column for it; and no TID column (its
    // rows are then taken as their processes' main threads).
    let name = f.slice(last);
    if (stat < 0 && name.length > 1 && STATE.test(name[0])) [r.stat, name] = [name[0], name.slice(1)];
    if (!keys.includes('tid')) r.tid = r.pid;
    r.proc_name = name.join(' ').replace(/^\[+|\]+$/g, '');
    records.push(r as unknown as ThreadRecord);
  }
  return { records, skipped };
}
