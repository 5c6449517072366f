// The resolver tables of `dumpsys package` ("Activity Resolver Table:", "Receiver Resolver Table:"),
// as MVT now reads them: every category (MIME types, schemes, actions), under each its keys (an
// intent action, a scheme, a type), under each key the components that handle it. A standard dump
// prints "<hash> <component>", with " (N filters)" when several filters of one component match; a
// dump with filters shown (-f) prints " filter <hash>" after it, which vigil reads too (MVT passes
// over those lines). The table ends at the next line that is not indented.

const RESOLVER_TYPES: Record<string, string> = {
  'Full MIME Types': 'full_mime_type',
  'Base MIME Types': 'base_mime_type',
  'Wild MIME Types': 'wild_mime_type',
  Schemes: 'scheme',
  'Non-Data Actions': 'non_data_action',
  'MIME Typed Actions': 'mime_typed_action',
};

export interface ResolverEntry {
  resolver_type: string;
  key: string;
  package_name: string;
  component: string;
  filter_count: number;
}

const CATEGORY = /^ {2}([^ ].*):\s*$/;
const KEY = /^ {6,}([^ ].*):\s*$/;
const ENTRY = /^\s{8,}[0-9a-fA-F]+\s+(\S+)(?:\s+\((\d+)\s+filters?\)|\s+filter\s+[0-9a-fA-F]+)?\s*$/;

/** The entries of `<table> Resolver Table:` in a package section. */
export function parseResolverTable(section: string, table: 'Activity' | 'Receiver' | 'Service' | 'Provider'): ResolverEntry[] {
  const out: ResolverEntry[] = [];
  let inTable = false;
  let type: string | undefined;
  let key: string | undefined;
  for (const line of section.split(/\r?\n/)) {
    if (!inTable) {
      inTable = line.startsWith(`${table} Resolver Table:`);
      continue;
    }
    if (line && !line.startsWith(' ')) break;
    const category = CATEGORY.exec(line);
    if (category) {
      type = RESOLVER_TYPES[category[1]];
      key = undefined;
      continue;
    }
    if (type === undefined) continue;
    const k = KEY.exec(line);
    if (k) {
      key = k[1];
      continue;
    }
    const entry = key === undefined ? null : ENTRY.exec(line);
    if (!entry || key === undefined) continue;
    out.push({ resolver_type: type, key, package_name: entry[1].split('/')[0], component: entry[1], filter_count: Number(entry[2] ?? 1) });
  }
  return out;
}
