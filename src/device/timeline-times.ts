// A timeline run's times as numbers. MVT's times are "YYYY-MM-DD HH:MM:SS.ffffff": kept as strings
// until timeline.csv was merged, a big phone's million of them were copied by the garbage collector
// through every later module, and a worker's run of half a million took 0.2 s to reach the check's
// thread. Such a time is two numbers whose order is the strings' order; any other time (none,
// another format) keeps its string, and is compared as MVT's sort compares strings.
import { byTime } from './mvt-csv.ts';

/** Where a time is not of MVT's form: `seconds` holds this, and the run keeps the string itself. */
const OTHER = -1;

/** The times of one run's lines: plain data, which a message between threads carries. */
export interface RunTimes {
  /** The digits YYYYMMDDHHMMSS as one number, or OTHER. */
  seconds: Float64Array;
  /** The six digits after the point. */
  micros: Int32Array;
  /** Line → its time, for lines whose time is not of MVT's form (null among them). */
  other: Map<number, string | null>;
}

export function runTimes(count: number): RunTimes {
  return { seconds: new Float64Array(count), micros: new Int32Array(count), other: new Map() };
}

// Offsets of the separators in "YYYY-MM-DD HH:MM:SS.ffffff", and of the digits.
const SEPARATORS: [number, number][] = [[4, 45], [7, 45], [10, 32], [13, 58], [16, 58], [19, 46]];
const SECOND_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** Sets line `i`'s time; true when it is of MVT's form (digits and separators only). */
export function setTime(t: RunTimes, i: number, time: string | null): boolean {
  if (time === null || time.length !== 26 || SEPARATORS.some(([at, code]) => time.charCodeAt(at) !== code)) return other(t, i, time);
  let seconds = 0;
  for (const at of SECOND_DIGITS) {
    const d = time.charCodeAt(at) - 48;
    if (d < 0 || d > 9) return other(t, i, time);
    seconds = seconds * 10 + d;
  }
  let micros = 0;
  for (let at = 20; at < 26; at++) {
    const d = time.charCodeAt(at) - 48;
    if (d < 0 || d > 9) return other(t, i, time);
    micros = micros * 10 + d;
  }
  t.seconds[i] = seconds;
  t.micros[i] = micros;
  return true;
}

function other(t: RunTimes, i: number, time: string | null): false {
  t.seconds[i] = OTHER;
  t.other.set(i, time);
  return false;
}

/** Line `i`'s time as it was given. */
export function timeAt(t: RunTimes, i: number): string | null {
  const seconds = t.seconds[i];
  if (seconds === OTHER) return t.other.get(i) ?? null;
  const d = String(seconds).padStart(14, '0');
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)} ${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}.${String(t.micros[i]).padStart(6, '0')}`;
}

/** Line `i` of `a` against line `j` of `b`, as MVT's sort orders their times (none as ""): negative, zero or positive. */
export function compareTimes(a: RunTimes, i: number, b: RunTimes, j: number): number {
  const x = a.seconds[i];
  const y = b.seconds[j];
  if (x !== OTHER && y !== OTHER) return x !== y ? x - y : a.micros[i] - b.micros[j];
  return byTime(timeAt(a, i), timeAt(b, j));
}
