// Epoch milliseconds to ISO 8601 UTC text, exactly as Date#toISOString writes it, but never
// throwing: evidence databases hold millions of times, and a corrupt one must give null, not stop
// its module with a RangeError. Years 1 to 9999 (every real device time) are written by hand, a
// third of toISOString's cost: the civil date by integer arithmetic (Howard Hinnant's
// days-to-civil), the text by one String.fromCharCode, which gives a flat string. (An earlier
// formatter joined pieces with +, and its rope strings cost more to flatten for JSON than they saved.)

const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const ZERO = 48;
const digit = (n: number) => ZERO + (n % 10);

function byDate(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function isoOfEpochMs(value: number): string | null {
  // A Date truncates a fraction toward zero; so does this.
  const ms = Math.trunc(value);
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return byDate(value);
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return String.fromCharCode(
    digit(Math.floor(year / 1000)), digit(Math.floor(year / 100)), digit(Math.floor(year / 10)), digit(year), 45,
    digit(Math.floor(month / 10)), digit(month), 45, digit(Math.floor(day / 10)), digit(day), 84,
    digit(Math.floor(hour / 10)), digit(hour), 58, digit(Math.floor(minute / 10)), digit(minute), 58,
    digit(Math.floor(second / 10)), digit(second), 46, digit(Math.floor(milli / 100)), digit(Math.floor(milli / 10)), digit(milli), 90,
  );
}
