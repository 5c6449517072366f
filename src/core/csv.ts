// A small RFC 4180 CSV reader for investigator files (rosters, victim lists): quoted fields,
// doubled quotes, CRLF; each row keeps its line number for error messages. Spreadsheets write
// these files: the delimiter may be a semicolon (Excel where the decimal mark is a comma) or a tab;
// it is told from the header row (for UTF-16 files, see decodeText).
import { ParseError } from './errors.ts';

/** The delimiter the header row uses most among comma, semicolon and tab (outside quotes); comma on a tie. */
function delimiterOf(text: string, start: number): string {
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (let i = start; i < text.length && (quoted || (text[i] !== '\n' && text[i] !== '\r')); i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && counts.has(text[i])) counts.set(text[i], counts.get(text[i])! + 1);
  }
  return [...counts].reduce((best, d) => (d[1] > best[1] ? d : best))[0];
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export function parseCsv(text: string, where: string): { header: string[]; rows: CsvRow[] } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const delimiter = delimiterOf(text, i);
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
    fields = [];
    startLine = line;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else field += c;
  }
  if (quoted) throw new ParseError('CSV', `unterminated quoted field starting on line ${startLine}`, { where });
  if (field !== '' || fields.length > 0) endRecord();
  if (records.length === 0) throw new ParseError('CSV', 'empty file: a header row is needed', { where });
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const rows = records.slice(1).map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, k) => [h, (r.fields[k] ?? '').trim()])) }));
  return { header, rows };
}
