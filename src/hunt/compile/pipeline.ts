// The processing pipeline between the parsed rule and the SQL dialect, as in pySigma: small
// transforms, each doing one thing to every field match — map taxonomy aliases to the
// logsource's names, check the field exists, resolve fieldrefs and placeholders, reject
// modifiers and combinations the backend does not support.
import type { FieldMatch, SigmaRule } from '../sigma/ast.ts';
import { problem, type RuleProblem } from '../sigma/errors.ts';
import type { FieldDef, LogsourceDef } from './logsources.ts';
import { isIndicatorType, type IndicatorType } from '../../indicators/index.ts';

/** An indicator set an `expand` placeholder stands for, e.g. %ioc.domain%. */
export interface SetRef {
  placeholder: string;
  type: IndicatorType;
}

export interface ResolvedMatch extends FieldMatch {
  def?: FieldDef;
  refDef?: FieldDef;
  set?: SetRef;
}

export interface PipelineContext {
  rule: SigmaRule;
  logsource: LogsourceDef;
  problems: RuleProblem[];
}

export type Transform = (m: ResolvedMatch, ctx: PipelineContext) => ResolvedMatch;

const report = (ctx: PipelineContext, m: FieldMatch, msg: string) => ctx.problems.push(problem(m.loc, msg, ctx.rule.name ?? ctx.rule.id ?? ctx.rule.title));

/** Field names from the Sigma taxonomy that mean a logsource's own field. */
const ALIASES: Record<string, Record<string, string>> = {
  call_telemetry: { account: 'caller', src_account: 'caller', dst_account: 'callee', 'c-ip': 'src_ip', event_type: 'event' },
  zeek_dns: { src_ip: 'id.orig_h', dst_ip: 'id.resp_h', src_port: 'id.orig_p', dst_port: 'id.resp_p', QueryName: 'query', 'r-dns': 'query' },
  zeek_conn: { src_ip: 'id.orig_h', dst_ip: 'id.resp_h', src_port: 'id.orig_p', dst_port: 'id.resp_p' },
  zeek_ssl: { src_ip: 'id.orig_h', dst_ip: 'id.resp_h', src_port: 'id.orig_p', dst_port: 'id.resp_p', sni: 'server_name' },
  zeek_http: { src_ip: 'id.orig_h', dst_ip: 'id.resp_h', src_port: 'id.orig_p', dst_port: 'id.resp_p', 'cs-host': 'host', 'c-uri': 'uri', 'c-useragent': 'user_agent', 'cs-method': 'method' },
};

export const mapAliases: Transform = (m, ctx) => {
  const alias = m.field ? ALIASES[ctx.logsource.id]?.[m.field] : undefined;
  return alias && !Object.hasOwn(ctx.logsource.fields, m.field!) ? { ...m, field: alias } : m;
};

export const resolveField: Transform = (m, ctx) => {
  if (m.field === null) return m;
  const def = Object.hasOwn(ctx.logsource.fields, m.field) ? ctx.logsource.fields[m.field] : undefined;
  if (!def) report(ctx, m, `unknown field '${m.field}' for logsource ${ctx.logsource.id}; known: ${Object.keys(ctx.logsource.fields).join(', ')}`);
  return { ...m, def };
};

const UNSUPPORTED: Record<string, string> = {
  base64: 'the base64 modifier', base64offset: 'the base64offset modifier', utf16le: 'the utf16le modifier', utf16be: 'the utf16be modifier',
  utf16: 'the utf16 modifier', wide: 'the wide modifier', windash: 'the windash modifier',
};
const STRING_MODS = ['contains', 'startswith', 'endswith'];
const COMPARE_MODS = ['gt', 'gte', 'lt', 'lte'];

export const checkModifiers: Transform = (m, ctx) => {
  const mods = m.modifiers;
  for (const mod of mods) if (UNSUPPORTED[mod]) report(ctx, m, `${UNSUPPORTED[mod]} is not supported by vigil's DuckDB backend`);
  const count = (list: string[]) => mods.filter((x) => list.includes(x)).length;
  if (count(STRING_MODS) > 1) report(ctx, m, 'contains, startswith and endswith cannot be combined');
  if (count(COMPARE_MODS) > 1) report(ctx, m, 'only one of gt, gte, lt, lte per field');
  if (mods.includes('re') && count([...STRING_MODS, 'cidr', ...COMPARE_MODS, 'expand']) > 0) report(ctx, m, 're cannot be combined with other value modifiers');
  for (const flag of ['i', 'm', 's']) if (mods.includes(flag) && !mods.includes('re')) report(ctx, m, `modifier '${flag}' only applies after re`);
  if (mods.includes('exists') && (mods.length > 1 || m.values.length !== 1 || typeof m.values[0].value !== 'boolean')) report(ctx, m, 'exists takes exactly one true or false and no other modifier');
  if (m.field === null && mods.some((x) => !STRING_MODS.includes(x) && x !== 'all' && x !== 'cased')) report(ctx, m, 'keyword searches take only contains/startswith/endswith/all/cased');
  const t = m.def?.type;
  if (t && count(COMPARE_MODS) > 0 && t !== 'number' && t !== 'timestamp') report(ctx, m, `${mods.join('|')} compares numbers, but '${m.field}' is a ${t}`);
  if (t && t !== 'string' && count([...STRING_MODS, 're', 'cidr', 'cased']) > 0) report(ctx, m, `'${m.field}' is a ${t}; ${mods.join('|')} applies to strings`);
  if (mods.includes('fieldref') && count(['re', 'cidr', 'expand', 'exists', ...STRING_MODS]) > 0) report(ctx, m, 'fieldref combines only with gt/gte/lt/lte/neq/cased');
  return m;
};

export const resolveFieldref: Transform = (m, ctx) => {
  if (!m.modifiers.includes('fieldref')) return m;
  if (m.values.length !== 1 || typeof m.values[0].value !== 'string') {
    report(ctx, m, 'fieldref takes one field name');
    return m;
  }
  const name = m.values[0].value;
  const refDef = Object.hasOwn(ctx.logsource.fields, name) ? ctx.logsource.fields[name] : undefined;
  if (!refDef) report(ctx, m, `fieldref names unknown field '${name}'`);
  return { ...m, refDef };
};

/** `expand` placeholders bound to indicator sets: %ioc.<type>%, e.g. %ioc.domain%, %ioc.ipv4%, %ioc.account%. */
export const resolvePlaceholders: Transform = (m, ctx) => {
  if (!m.modifiers.includes('expand')) return m;
  if (m.values.length !== 1 || typeof m.values[0].value !== 'string') {
    report(ctx, m, 'expand takes one placeholder such as %ioc.domain%');
    return m;
  }
  const ph = /^%ioc\.([a-z0-9_]+)%$/.exec(m.values[0].value);
  if (!ph || !isIndicatorType(ph[1])) {
    report(ctx, m, `unknown placeholder ${JSON.stringify(m.values[0].value)}; use %ioc.<type>% with an indicator type (domain, ipv4, account, …)`);
    return m;
  }
  const type = ph[1] as IndicatorType;
  if (m.modifiers.some((x) => x !== 'expand' && x !== 'cidr')) report(ctx, m, 'expand combines only with cidr');
  if (m.modifiers.includes('cidr') && type !== 'ipv4') report(ctx, m, 'expand|cidr applies to %ioc.ipv4%');
  if (m.def && m.def.type !== 'string') report(ctx, m, `'${m.field}' is a ${m.def.type}; indicator sets hold strings`);
  return { ...m, set: { placeholder: m.values[0].value, type } };
};

export const DEFAULT_PIPELINE: Transform[] = [mapAliases, resolveField, checkModifiers, resolveFieldref, resolvePlaceholders];

export function runPipeline(m: FieldMatch, ctx: PipelineContext, pipeline = DEFAULT_PIPELINE): ResolvedMatch {
  return pipeline.reduce<ResolvedMatch>((acc, t) => t(acc, ctx), m);
}
