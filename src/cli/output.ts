// Printing for the CLI: --json for machines, aligned tables for people.
import { exactJson } from '../core/index.ts';

export function printJson(value: unknown): void {
  process.stdout.write(exactJson(value, 2) + '\n');
}

export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  if (all.length === 0) return '';
  const widths = all[0].map((_, c) => Math.max(...all.map((r) => String(r[c] ?? '').length)));
  const fmt = (r: (string | number)[]) =>
    r.map((v, c) => (typeof v === 'number' ? String(v).padStart(widths[c]) : String(v).padEnd(widths[c]))).join('  ').trimEnd();
  const lines = all.map(fmt);
  if (header) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

export function println(s = ''): void {
  process.stdout.write(s + '\n');
}
