// The rule compiler: parse (sigma/) → pipeline of field transforms → DuckDB dialect. Every
// problem of every rule is collected; a rule with problems produces no query.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/index.ts';
import type { SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import { problem, type RuleProblem } from '../sigma/errors.ts';
import { parseSigma } from '../sigma/parse.ts';
import { compileCorrelation } from './compile-correlation.ts';
import { compileRuleQuery, ruleLabel } from './compile-rule.ts';
import { contextBases } from './deferred-bases.ts';
export { compileScanPlan, type KeyTable, type Prefilter, type ScanPlan } from './scan-plan.ts';
export { SetValuesParam } from './params.ts';
import { Params } from './params.ts';
import type { SetRef } from './pipeline.ts';

export { LOGSOURCES, findLogsource, quoteIdent, type LogsourceDef, type FieldDef } from './logsources.ts';
export { setTable, sigmaToLike, TEMPLATES } from './dialect-duckdb.ts';
export { DEFAULT_PIPELINE, type Transform, type SetRef } from './pipeline.ts';

export interface CompiledQuery {
  kind: 'rule' | 'correlation';
  name: string;
  id?: string;
  title: string;
  level: string;
  tags: string[];
  file: string;
  line: number;
  /** Logsource ids the query reads. */
  logsources: string[];
  sql: string;
  params: unknown[];
  sets: SetRef[];
  /** False for base rules that only feed a correlation with generate: false. */
  generate: boolean;
  groupBy?: string[];
}

export interface CompileResult {
  docs: SigmaDocument[];
  queries: CompiledQuery[];
  problems: RuleProblem[];
}

/** Rule files under a folder (or the file itself): .yml and .yaml, sorted for a stable order. */
export function ruleFiles(target: string): string[] {
  if (!fs.existsSync(target)) throw new InputError('RULES_MISSING', 'no such rule file or folder', { where: target });
  if (fs.statSync(target).isFile()) return [target];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(target);
  // An empty folder is a wrong path, not a hunt with no rules to run.
  if (out.length === 0) throw new InputError('RULES_NONE', 'no rule file (.yml, .yaml) in this folder', { where: target, hint: 'give the folder of a rule pack, e.g. rules/cve-2019-3568' });
  return out;
}

export function parseRuleSources(sources: { file: string; text: string }[]): { docs: SigmaDocument[]; problems: RuleProblem[] } {
  const docs: SigmaDocument[] = [];
  const problems: RuleProblem[] = [];
  for (const s of sources) {
    const r = parseSigma(s.text, s.file);
    docs.push(...r.docs);
    problems.push(...r.problems);
  }
  const seen = new Map<string, SigmaDocument>();
  for (const d of docs) {
    for (const key of [d.name, d.id].filter((k): k is string => Boolean(k))) {
      const other = seen.get(key);
      if (other) problems.push(problem(d.loc, `name or id '${key}' is also used at ${other.file}:${other.loc.line}`, ruleLabel(d)));
      seen.set(key, d);
    }
  }
  return { docs, problems };
}

export function compileDocs(docs: SigmaDocument[], problems: RuleProblem[] = []): CompileResult {
  const queries: CompiledQuery[] = [];
  // A rule that feeds correlations runs on its own only if one of them says generate: true.
  const referenced = new Set<SigmaDocument>();
  const generated = new Set<SigmaDocument>();
  for (const d of docs) {
    if (d.kind !== 'correlation') continue;
    for (const ref of d.rules) {
      const base = docs.find((x) => x.name === ref) ?? docs.find((x) => x.id === ref);
      if (!base) continue;
      referenced.add(base);
      if (d.generate) generated.add(base);
    }
  }
  const hiddenBases = new Set([...referenced].filter((d) => !generated.has(d)));
  const context = contextBases(docs);
  for (const d of docs) {
    const p = new Params();
    const meta = { name: ruleLabel(d), id: d.id, title: d.title, level: d.level, tags: d.tags, file: d.file, line: d.loc.line, generate: !hiddenBases.has(d) };
    if (d.kind === 'rule') {
      const q = compileRuleQuery(d as SigmaRule, p, problems);
      if (q) queries.push({ ...meta, kind: 'rule', logsources: [q.logsource.id], sql: q.sql, params: p.values, sets: q.sets });
    } else {
      const q = compileCorrelation(d, docs, p, problems, context);
      if (q) queries.push({ ...meta, kind: 'correlation', logsources: q.logsources, sql: q.sql, params: p.values, sets: q.sets, groupBy: d.groupBy });
    }
  }
  return { docs, queries, problems };
}

/** Reads, parses and compiles every rule under the given files or folders. */
export function compileRulePaths(targets: string[]): CompileResult {
  const sources = targets.flatMap(ruleFiles).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  const { docs, problems } = parseRuleSources(sources);
  return compileDocs(docs, problems);
}
