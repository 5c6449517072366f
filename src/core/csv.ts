// A small RFC 4180 CSV reader for investigator files (rosters, victim lists): quoted fields,
// doubled quotes, CRLF; each row keeps its line number for error messages.
import { ParseError } from './errors.ts';

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
    else if (c === ',') endField();
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
