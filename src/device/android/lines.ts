// Lines of Android evidence: dumpsys text split and cut as MVT's parsers do it (Python's
// str.splitlines(), strip(), partition() and int()), and the header lines of a binary file (backup.ab's)
// read within bounds.

const BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/**
 * Python's str.splitlines(): every line break Python knows (\r\n, \n, \r, \v, \f, the file,
 * group and record separators, NEL, U+2028, U+2029), no empty line after a final break, and no line
 * at all in empty text.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(BREAK);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Python's str.strip(chars): `chars` removed from both ends. */
export function stripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a])) a++;
  while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** Python's str.partition(sep): before, and after (undefined when `sep` is absent). */
export function partition(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** Python's int() of a string: optional sign, digits with single underscores between them, spaces around; undefined where int() raises. */
export function pythonInt(s: string): number | undefined {
  const t = s.trim();
  return /^[+-]?\d+(?:_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

/**
 * The first `count` newline-ended lines of `buf` (Latin-1), each at most `max` bytes, and the bytes
 * after them; undefined when a line is missing or longer.
 */
export function headerLines(buf: Buffer, count: number, max: number): { lines: string[]; rest: Buffer } | undefined {
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0 || nl - at > max) return undefined;
    lines.push(buf.toString('latin1', at, nl));
    at = nl + 1;
  }
  return { lines, rest: buf.subarray(at) };
}
