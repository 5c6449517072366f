// Parses Sigma YAML (rules and correlation rules, several documents per file) into the AST,
// collecting every problem with its line instead of stopping at the first.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';
import { CORRELATION_TYPES, type CorrelationCondition, type CorrelationType, type FieldMatch, type Loc, type LocatedValue, type Search, type SigmaCorrelation, type SigmaDocument, type SigmaRule } from './ast.ts';
import { parseCondition } from './condition.ts';
import { problem, type RuleProblem } from './errors.ts';

export const KNOWN_MODIFIERS = new Set([
  'contains', 'startswith', 'endswith', 'all', 're', 'i', 'm', 's', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte', 'neq', 'cased', 'fieldref', 'expand',
  'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash',
]);

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

export function parseTimespan(s: string): number | undefined {
  const m = /^(\d+)([smhdwMy])$/.exec(s.trim());
  return m && Number(m[1]) > 0 ? Number(m[1]) * UNITS[m[2]] : undefined;
}

export interface ParsedFile {
  docs: SigmaDocument[];
  problems: RuleProblem[];
}

export function parseSigma(text: string, file: string): ParsedFile {
  const lc = new LineCounter();
  const docs: SigmaDocument[] = [];
  const problems: RuleProblem[] = [];
  const locOf = (node: { range?: [number, number, number] | null } | null | undefined): Loc => {
    const { line, col } = lc.linePos(node?.range?.[0] ?? 0);
    return { file, line, col };
  };
  let yamlDocs;
  try {
    yamlDocs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    return { docs, problems: [problem({ file, line: 1, col: 1 }, `not YAML: ${(e as Error).message}`)] };
  }
  if (!Array.isArray(yamlDocs)) yamlDocs = [yamlDocs];
  for (const doc of yamlDocs) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const { line, col } = lc.linePos(err.pos[0]);
        problems.push({ file, line, col, message: `YAML: ${err.message.split('\n')[0]}` });
      }
      continue;
    }
    if (doc.contents === null) continue;
    if (!isMap(doc.contents)) {
      problems.push(problem(locOf(doc.contents), 'a Sigma rule must be a YAML map'));
      continue;
    }
    const parsed = parseDocument(doc.contents, locOf, problems);
    if (parsed) docs.push(parsed);
  }
  return { docs, problems };
}

function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<unknown, unknown> | undefined;
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function stringList(node: unknown): string[] | undefined {
  if (isSeq(node)) {
    const out = node.items.map(scalarString);
    return out.every((x) => x !== undefined) ? (out as string[]) : undefined;
  }
  const s = scalarString(node);
  return s === undefined ? undefined : [s];
}

type LocOf = (node: { range?: [number, number, number] | null } | null | undefined) => Loc;

function parseDocument(map: YAMLMap, locOf: LocOf, problems: RuleProblem[]): SigmaDocument | undefined {
  const loc = locOf(map);
  const get = (k: string) => pairOf(map, k)?.value;
  const title = scalarString(get('title'));
  const id = scalarString(get('id'));
  const name = scalarString(get('name'));
  const ruleName = name ?? id ?? title;
  const before = problems.length;
  const report = (node: unknown, msg: string) => problems.push(problem(locOf(node as Node) ?? loc, msg, ruleName));
  if (!title) report(map, "missing 'title'");
  const level = scalarString(get('level')) ?? 'medium';
  if (!['informational', 'low', 'medium', 'high', 'critical'].includes(level)) report(get('level'), `unknown level '${level}'`);
  const tags = stringList(get('tags')) ?? [];
  const common = { file: loc.file, loc, id, name, title: title ?? '(untitled)', level, tags };

  const corr = get('correlation');
  if (corr !== undefined) {
    if (!isMap(corr)) return void report(corr, "'correlation' must be a map");
    const c = (k: string) => pairOf(corr, k)?.value;
    const type = scalarString(c('type')) as CorrelationType | undefined;
    if (!type || !CORRELATION_TYPES.includes(type)) report(c('type') ?? corr, `correlation type must be one of ${CORRELATION_TYPES.join(', ')}`);
    const rules = stringList(c('rules'));
    if (!rules || rules.length === 0) report(c('rules') ?? corr, "correlation needs 'rules' (names or ids of rules)");
    const groupBy = stringList(c('group-by')) ?? [];
    const spanText = scalarString(c('timespan'));
    const timespan = spanText ? parseTimespan(spanText) : undefined;
    if (!timespan) report(c('timespan') ?? corr, `'timespan' must be like 30s, 10m, 1h, 2d (found ${JSON.stringify(spanText ?? null)})`);
    const conditions: CorrelationCondition[] = [];
    let field: string | undefined;
    const condNode = c('condition');
    if (type === 'temporal' || type === 'temporal_ordered') {
      if (condNode !== undefined) report(condNode, `${type} correlations take no condition`);
    } else if (!isMap(condNode)) report(condNode ?? corr, "correlation needs a 'condition' map such as {gte: 10}");
    else {
      for (const p of condNode.items) {
        const k = scalarString(p.key);
        if (k === 'field') {
          field = scalarString(p.value);
          continue;
        }
        const v = isScalar(p.value) ? Number(p.value.value) : NaN;
        if (!k || !['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(k)) report(p.key, `unknown correlation condition '${k}'`);
        else if (!Number.isFinite(v)) report(p.value, `condition ${k} needs a number`);
        else conditions.push({ op: k as CorrelationCondition['op'], value: v });
      }
      if (conditions.length === 0) report(condNode, 'correlation condition has no comparison');
      if (type === 'value_count' && !field) report(condNode, "value_count needs 'field' in its condition");
    }
    const gen = c('generate');
    if (problems.length > before) return undefined;
    const out: SigmaCorrelation = {
      ...common, kind: 'correlation', type: type!, rules: rules!, groupBy, timespan: timespan!, conditions, field,
      generate: isScalar(gen) ? gen.value === true : false,
    };
    return out;
  }

  const ls = get('logsource');
  if (!isMap(ls)) report(ls ?? map, "missing 'logsource' map");
  const logsource = isMap(ls)
    ? { product: scalarString(pairOf(ls, 'product')?.value), service: scalarString(pairOf(ls, 'service')?.value), category: scalarString(pairOf(ls, 'category')?.value) }
    : {};
  const det = get('detection');
  if (!isMap(det)) {
    report(det ?? map, "missing 'detection' map");
    return undefined;
  }
  const searches = new Map<string, Search>();
  let conditionText: string | undefined;
  let conditionNode: unknown;
  for (const p of det.items) {
    const key = scalarString(p.key);
    if (!key) {
      report(p.key, 'detection keys must be names');
      continue;
    }
    if (key === 'condition') {
      conditionNode = p.value;
      const list = stringList(p.value);
      if (!list) report(p.value, 'condition must be a string');
      else conditionText = list.length === 1 ? list[0] : list.map((c) => `(${c})`).join(' or ');
      continue;
    }
    if (key === 'timeframe') {
      report(p.key, "'timeframe' is not supported: use a correlation rule with 'timespan'");
      continue;
    }
    const s = parseSearch(p.value, locOf, (n, m) => report(n, m));
    if (s) searches.set(key, s);
  }
  let condition;
  if (conditionText === undefined) report(det, "detection has no 'condition'");
  else {
    const cl = locOf(conditionNode as Node);
    const c = parseCondition(conditionText, cl);
    if (typeof c === 'string') report(conditionNode, `condition: ${c}`);
    else condition = c;
  }
  if (problems.length > before || !condition) return undefined;
  const rule: SigmaRule = { ...common, kind: 'rule', logsource, searches, condition, conditionText: conditionText! };
  return rule;
}

function located(node: unknown, locOf: LocOf, report: (n: unknown, m: string) => void): LocatedValue | undefined {
  if (!isScalar(node)) {
    report(node, 'expected a single value (string, number, boolean or null)');
    return undefined;
  }
  const v = node.value;
  if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
    report(node, 'unsupported value type');
    return undefined;
  }
  return { value: v as LocatedValue['value'], loc: locOf(node) };
}

function parseSearch(node: unknown, locOf: LocOf, report: (n: unknown, m: string) => void): Search | undefined {
  const loc = locOf(node as Node);
  if (isMap(node)) {
    const matches: FieldMatch[] = [];
    for (const p of node.items) {
      const key = isScalar(p.key) ? String(p.key.value ?? '') : undefined;
      if (key === undefined) {
        report(p.key, 'field names must be strings');
        continue;
      }
      const [fieldPart, ...modifiers] = key.split('|');
      for (const m of modifiers) if (!KNOWN_MODIFIERS.has(m)) report(p.key, `unknown modifier '${m}'`);
      const values: LocatedValue[] = [];
      if (isSeq(p.value)) {
        for (const item of p.value.items) {
          const v = located(item, locOf, report);
          if (v) values.push(v);
        }
        if (p.value.items.length === 0) report(p.value, `empty value list for '${key}'`);
      } else {
        const v = p.value === null ? { value: null, loc: locOf(p.key as Node) } : located(p.value, locOf, report);
        if (v) values.push(v);
      }
      matches.push({ field: fieldPart === '' ? null : fieldPart, modifiers, values, loc: locOf(p.key as Node) });
    }
    return { kind: 'map', matches, loc };
  }
  if (isSeq(node)) {
    const keywords: LocatedValue[] = [];
    const items: Search[] = [];
    for (const item of node.items) {
      if (isMap(item)) {
        const s = parseSearch(item, locOf, report);
        if (s) items.push(s);
      } else {
        const v = located(item, locOf, report);
        if (v) keywords.push(v);
      }
    }
    if (keywords.length > 0) items.push({ kind: 'map', matches: [{ field: null, modifiers: [], values: keywords, loc }], loc });
    if (items.length === 0) report(node, 'empty search');
    return { kind: 'any', items, loc };
  }
  const v = located(node, locOf, report);
  return v ? { kind: 'map', matches: [{ field: null, modifiers: [], values: [v], loc }], loc } : undefined;
}
