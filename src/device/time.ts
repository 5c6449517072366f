// Times in device results, written as MVT writes them: "YYYY-MM-DD HH:MM:SS.ffffff" in UTC
// (Python's strftime("%Y-%m-%d %H:%M:%S.%f") of the datetime MVT makes), so that scripts which
// parse MVT's isodate and timeline.csv read vigil's the same. The arithmetic is Python's own:
// datetime.fromtimestamp splits seconds with modf and rounds the fraction to microseconds half
// to even, and doubles do the same operations here, so the digits agree to the microsecond.
// Never throwing: evidence holds millions of times, and a corrupt one gives null, not a RangeError.
// The text is made by one String.fromCharCode (a flat string, cheap to write out again).

/** Years 1 to 9999, what a Python datetime holds (MVT gives "" outside them; vigil, null). */
const MIN_S = -62_135_596_800; // 0001-01-01 00:00:00
const MAX_S = 253_402_300_799; // 9999-12-31 23:59:59
const APPLE_EPOCH_S = 978_307_200;
const ZERO = 48;
const digit = (n: number) => ZERO + (n % 10);

/** A binary plist date keeps its own seconds since 2001 here, for exact microseconds (a Date holds milliseconds). */
export const APPLE_SECONDS: unique symbol = Symbol('apple seconds');
export type PlistDate = Date & { [APPLE_SECONDS]?: number };

/** C's round (half away from zero), then Python's tie rule: half to even. */
function roundHalfEven(x: number): number {
  const r = x < 0 ? -Math.round(-x) : Math.round(x);
  return Math.abs(x - r) === 0.5 ? 2 * (x / 2 < 0 ? -Math.round(-x / 2) : Math.round(x / 2)) : r;
}

/** Whole seconds since 1970 and microseconds (0 to 999,999) as MVT's text, or null outside years 1 to 9999. */
export function mvtTimeOfParts(whole: number, micros: number): string | null {
  if (!(whole >= MIN_S && whole <= MAX_S) || !Number.isInteger(whole)) return null;
  const days = Math.floor(whole / 86_400);
  let rest = whole - days * 86_400;
  // Civil date from days since 1970 (Howard Hinnant's days-to-civil).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  return String.fromCharCode(
    digit(Math.floor(year / 1000)), digit(Math.floor(year / 100)), digit(Math.floor(year / 10)), digit(year), 45,
    digit(Math.floor(month / 10)), digit(month), 45, digit(Math.floor(day / 10)), digit(day), 32,
    digit(Math.floor(hour / 10)), digit(hour), 58, digit(Math.floor(minute / 10)), digit(minute), 58,
    digit(Math.floor(second / 10)), digit(second), 46,
    digit(Math.floor(micros / 100_000)), digit(Math.floor(micros / 10_000)), digit(Math.floor(micros / 1000)), digit(Math.floor(micros / 100)), digit(Math.floor(micros / 10)), digit(micros),
  );
}

/** Splits seconds as Python does (modf, the fraction to microseconds half to even), then writes them. */
function ofSeconds(value: number, offset: number): string | null {
  if (!Number.isFinite(value)) return null;
  let whole = Math.trunc(value);
  let us = roundHalfEven((value - whole) * 1e6);
  if (us >= 1e6) {
    us -= 1e6;
    whole += 1;
  } else if (us < 0) {
    us += 1e6;
    whole -= 1;
  }
  return mvtTimeOfParts(whole + offset, us);
}

/** Unix seconds (a float) as MVT's convert_unix_to_iso writes them. */
export const mvtTimeOfUnix = (seconds: number): string | null => ofSeconds(seconds, 0);

/** A file time in nanoseconds (`stat` with bigint) as MVT writes Python's st_mtime: seconds and nanoseconds as one double. */
export const mvtTimeOfStatNs = (ns: bigint): string | null => mvtTimeOfUnix(Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) * 1e-9);

/**
 * Apple's absolute time as MVT's convert_mactime_to_iso writes it: nothing for 0 (Apple's
 * "never"); an integer of 18 digits is nanoseconds, cut to its first 9 digits (whole seconds),
 * as MVT cuts it; seconds otherwise, moved to 1970 before the split, as MVT adds before it
 * converts. Other nanosecond counts (MVT cannot read them) are read as nanoseconds.
 */
export function mvtTimeOfApple(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n === 0) return null;
  if (Number.isInteger(n) && Math.abs(n) > 1e11) {
    // Exact on the double SQLite handed over: the remainder and the difference are both exact.
    const secs = (n - (n % 1e9)) / 1e9;
    return mvtTimeOfParts(secs + APPLE_EPOCH_S, 0);
  }
  return ofSeconds(Math.abs(n) > 1e11 ? n / 1e9 + APPLE_EPOCH_S : n + APPLE_EPOCH_S, 0);
}

/**
 * A date read from a property list. Python's plistlib makes datetime(2001, 1, 1) plus
 * timedelta(seconds=f) of a binary date, rounding f's own fraction to microseconds; an XML date,
 * or any other Date, has the milliseconds it holds.
 */
export function mvtTimeOfDate(v: unknown): string | null {
  if (!(v instanceof Date)) return null;
  const apple = (v as PlistDate)[APPLE_SECONDS];
  if (typeof apple === 'number') return ofSeconds(apple, APPLE_EPOCH_S);
  const ms = v.getTime();
  if (!Number.isFinite(ms)) return null;
  const whole = Math.floor(ms / 1000);
  return mvtTimeOfParts(whole, Math.round((ms - whole * 1000) * 1000));
}

/** Milliseconds since 1970 of MVT's time text (for windows of time); NaN if it is not one. */
export function msOfMvtTime(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return NaN;
  return Date.parse(`${m[1]}T${m[2]}Z`) + (m[3] ? Number(m[3].padEnd(6, '0')) / 1000 : 0);
}

/** Seconds added to MVT's time text, as its text again (microseconds kept exactly). */
export function addSeconds(text: string, seconds: number): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})$/.exec(text);
  return m ? mvtTimeOfParts(Date.parse(`${m[1]}T${m[2]}Z`) / 1000 + seconds, Number(m[3])) : null;
}

// One formatter per zone (building one costs far more than using it); null for a zone ICU does not know.
const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormats.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    } catch {
      f = null;
    }
    zoneFormats.set(zone, f);
  }
  return f;
}

/** Whether the zone is one this runtime knows (an IANA name such as "Europe/Berlin"). */
export const knownZone = (zone: string): boolean => zoneFormat(zone) !== null;

/** Seconds since 1970 of a civil time in UTC, or NaN when there is no such day or time. */
export function secondsOfCivil(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  // Date.UTC maps years 0 to 99 to 1900 to 1999: the year is set apart.
  const at = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  at.setUTCFullYear(year);
  return at.getUTCMonth() === month - 1 && at.getUTCDate() === day ? at.getTime() / 1000 : NaN;
}

/** The zone's offset from UTC, in seconds, at this instant (whole seconds since 1970). */
function zoneOffset(f: Intl.DateTimeFormat, whole: number): number {
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(new Date(whole * 1000))) p[type] = value;
  const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
  return secondsOfCivil(year, Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - whole;
}

/**
 * Unix seconds as the wall-clock time of a zone, in MVT's text without a zone, as MVT writes the
 * times of AndroidQF's file listing: it moves each to the phone's zone (persist.sys.timezone) and
 * then labels it UTC. An unknown zone gives UTC, as MVT does when the phone names none.
 */
export function mvtWallTimeOfUnix(seconds: number, zone: string): string | null {
  const f = zoneFormat(zone);
  if (!f || !Number.isFinite(seconds)) return mvtTimeOfUnix(seconds);
  const whole = Math.floor(seconds);
  if (!(whole >= MIN_S && whole <= MAX_S)) return null;
  return ofSeconds(seconds, zoneOffset(f, whole));
}
