// Small rules, one per modifier, condition form and correlation type, shared by the golden-SQL
// and execution tests. Each names the call ids of test/hunt/fixture-calls.ts it must match.

export interface RuleCase {
  name: string;
  /** Detection body (YAML) under a call_telemetry logsource, or a whole document set. */
  detection?: string;
  yaml?: string;
  /** call_id values the rule must return (rules), or group keys (correlations). */
  expect: string[];
}

const HEAD = `logsource: {product: vigil, service: call_telemetry}\nlevel: high\n`;

export function ruleYaml(c: RuleCase): string {
  return c.yaml ?? `title: ${c.name}\nname: ${c.name}\n${HEAD}detection:\n${c.detection}`;
}

export const RULE_CASES: RuleCase[] = [
  { name: 'equals_default_case_insensitive', detection: '  s:\n    client: ANDROID/2.19.1\n  condition: s\n', expect: ['c1', 'c2'] },
  { name: 'equals_list_is_or', detection: '  s:\n    call_id: [c1, c3]\n  condition: s\n', expect: ['c1', 'c3'] },
  { name: 'map_is_and', detection: '  s:\n    event: call_offer\n    malformed: true\n  condition: s\n', expect: ['c3', 'c7'] },
  { name: 'list_of_maps_is_or', detection: '  s:\n    - call_id: c1\n    - call_id: c4\n  condition: s\n', expect: ['c1', 'c4'] },
  { name: 'wildcard_star_and_question', detection: '  s:\n    client: "ios/2.?9.*"\n  condition: s\n', expect: ['c3', 'c4'] },
  { name: 'wildcard_escaped_is_literal', detection: '  s:\n    end_reason: "star\\\\*"\n  condition: s\n', expect: ['c6'] },
  { name: 'like_specials_are_literal', detection: '  s:\n    src_ip|contains: "%"\n  condition: s\n', expect: ['c5'] },
  { name: 'contains', detection: '  s:\n    client|contains: 2.19\n  condition: s\n', expect: ['c1', 'c2', 'c3', 'c6', 'c7'] },
  { name: 'startswith', detection: '  s:\n    caller|startswith: "+52"\n  condition: s\n', expect: ['c1', 'c3', 'c7', 'c8'] },
  { name: 'endswith', detection: '  s:\n    client|endswith: ".50"\n  condition: s\n', expect: ['c3'] },
  { name: 'contains_all', detection: '  s:\n    client|contains|all: [ios, "2.29"]\n  condition: s\n', expect: ['c4'] },
  { name: 're_case_sensitive', detection: '  s:\n    client|re: "^Android/"\n  condition: s\n', expect: ['c2'] },
  { name: 're_i_flag', detection: '  s:\n    client|re|i: "^android/2\\\\.19\\\\.1$"\n  condition: s\n', expect: ['c1', 'c2'] },
  { name: 'cidr', detection: '  s:\n    src_ip|cidr: 185.141.24.0/28\n  condition: s\n', expect: ['c3', 'c4'] },
  { name: 'exists_true', detection: '  s:\n    duration_ms|exists: true\n  condition: s\n', expect: ['c2', 'c6', 'c8'] },
  { name: 'exists_false', detection: '  s:\n    duration_ms|exists: false\n  condition: s\n', expect: ['c1', 'c3', 'c4', 'c5', 'c7'] },
  { name: 'null_value', detection: '  s:\n    duration_ms: null\n  condition: s\n', expect: ['c1', 'c3', 'c4', 'c5', 'c7'] },
  { name: 'gt', detection: '  s:\n    payload_len|gt: 1200\n  condition: s\n', expect: ['c3', 'c7'] },
  { name: 'gte', detection: '  s:\n    payload_len|gte: 1200\n  condition: s\n', expect: ['c3', 'c4', 'c7'] },
  { name: 'lt', detection: '  s:\n    payload_len|lt: 100\n  condition: s\n', expect: ['c5', 'c6', 'c8'] },
  { name: 'lte', detection: '  s:\n    payload_len|lte: 100\n  condition: s\n', expect: ['c2', 'c5', 'c6', 'c8'] },
  { name: 'neq', detection: '  s:\n    event|neq: call_offer\n  condition: s\n', expect: ['c2', 'c5', 'c6', 'c8'] },
  { name: 'cased', detection: '  s:\n    client|cased: Android/2.19.1\n  condition: s\n', expect: ['c2'] },
  { name: 'fieldref', detection: '  s:\n    caller|fieldref: callee\n  condition: s\n', expect: ['c5'] },
  { name: 'expand_account', detection: "  s:\n    caller|expand: '%ioc.account%'\n  condition: s\n", expect: ['c1', 'c3', 'c7', 'c8'] },
  { name: 'expand_domain_subdomains', detection: "  s:\n    relay_ip|expand: '%ioc.domain%'\n  condition: s\n", expect: ['c4', 'c6'] },
  { name: 'expand_ipv4_cidr', detection: "  s:\n    src_ip|expand|cidr: '%ioc.ipv4%'\n  condition: s\n", expect: ['c3', 'c7'] },
  { name: 'keywords', detection: '  kw:\n    - BUSINESS\n  condition: kw\n', expect: ['c6'] },
  { name: 'not_over_absent_field', detection: '  s:\n    duration_ms: 4000\n  condition: not s\n', expect: ['c1', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'] },
  { name: 'and_not', detection: '  a:\n    event: call_offer\n  b:\n    malformed: true\n  condition: a and not b\n', expect: ['c1', 'c4'] },
  { name: 'or_brackets', detection: '  a:\n    call_id: c1\n  b:\n    call_id: c2\n  c:\n    event: call_offer\n  condition: (a or b) and c\n', expect: ['c1'] },
  { name: 'one_of_pattern', detection: '  sel_a:\n    call_id: c1\n  sel_b:\n    call_id: c5\n  other:\n    call_id: c6\n  condition: 1 of sel_*\n', expect: ['c1', 'c5'] },
  { name: 'all_of_pattern', detection: '  sel_a:\n    event: call_offer\n  sel_b:\n    malformed: true\n  condition: all of sel_*\n', expect: ['c3', 'c7'] },
  { name: 'one_of_them_skips_underscore', detection: '  a:\n    call_id: c1\n  _b:\n    call_id: c2\n  condition: 1 of them\n', expect: ['c1'] },
  { name: 'all_of_them', detection: '  a:\n    event: call_offer\n  b:\n    caller|startswith: "+52"\n  condition: all of them\n', expect: ['c1', 'c3', 'c7'] },
  { name: 'two_of_them', detection: '  a:\n    event: call_offer\n  b:\n    malformed: true\n  c:\n    caller|startswith: "+52"\n  condition: 2 of them\n', expect: ['c1', 'c3', 'c7'] },
  { name: 'boolean_and_number', detection: '  s:\n    malformed: false\n    payload_len: 1200\n  condition: s\n', expect: ['c4'] },
];

const BASE = (name: string, body: string) => `title: ${name}\nname: ${name}\n${HEAD}detection:\n${body}---\n`;
const OFFERS = BASE('offers', '  s:\n    event: call_offer\n  condition: s\n');
const ENDS = BASE('ends', '  s:\n    event: call_end\n  condition: s\n');

export const CORRELATION_CASES: RuleCase[] = [
  {
    name: 'event_count',
    yaml: `${OFFERS}title: event_count\nname: event_count\ncorrelation:\n  type: event_count\n  rules: [offers]\n  group-by: [caller]\n  timespan: 1h\n  condition: {gte: 2}\nlevel: high\n`,
    expect: ['+5215500000001'],
  },
  {
    name: 'value_count',
    yaml: `${OFFERS}title: value_count\nname: value_count\ncorrelation:\n  type: value_count\n  rules: [offers]\n  group-by: [caller]\n  timespan: 1d\n  condition: {field: callee, gte: 2}\nlevel: high\n`,
    expect: ['+5215500000001'],
  },
  {
    name: 'temporal',
    yaml: `${OFFERS}${ENDS}title: temporal\nname: temporal\ncorrelation:\n  type: temporal\n  rules: [ends, offers]\n  group-by: [caller]\n  timespan: 10m\nlevel: high\n`,
    expect: ['+4915100000002', '+5215500000001'],
  },
  {
    name: 'temporal_ordered',
    yaml: `${OFFERS}${ENDS}title: temporal_ordered\nname: temporal_ordered\ncorrelation:\n  type: temporal_ordered\n  rules: [ends, offers]\n  group-by: [caller]\n  timespan: 10m\nlevel: high\n`,
    expect: ['+4915100000002'],
  },
  {
    name: 'chained',
    yaml: `${OFFERS}title: busy\nname: busy\ncorrelation:\n  type: event_count\n  rules: [offers]\n  group-by: [caller]\n  timespan: 1h\n  condition: {gte: 1}\nlevel: low\n---\ntitle: chained\nname: chained\ncorrelation:\n  type: event_count\n  rules: [busy]\n  group-by: [caller]\n  timespan: 1d\n  condition: {gte: 1}\nlevel: high\n`,
    expect: ['+4915100000002', '+5215500000001'],
  },
];
