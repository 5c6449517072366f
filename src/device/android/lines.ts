// Python's str.splitlines(), with which MVT's parsers split dumpsys text: every line break Python
// knows (\r\n, \n, \r, \v, \f, the file, group and record separators, NEL, U+2028, U+2029), no
// empty line after a final break, and no line at all in empty text.

const BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(BREAK);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
