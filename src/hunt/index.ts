// Hunt: Sigma rules (with correlations) and indicators over call telemetry and Zeek logs, compiled
// to DuckDB SQL, and the campaign pivot that names every attacker and target with evidence.
export { parseSigma } from './sigma/parse.ts';
export type { SigmaRule, SigmaCorrelation, SigmaDocument } from './sigma/ast.ts';
export { RuleCompileError, formatProblem, type RuleProblem } from './sigma/errors.ts';
export { compileScanPlan, type Prefilter, type ScanPlan, compileRulePaths, compileDocs, parseRuleSources, ruleFiles, LOGSOURCES, type CompiledQuery, type CompileResult } from './compile/index.ts';
export { runHunt, type HuntOptions, type HuntSummary } from './run/hunt.ts';
export { huntReport, huntScore, readTruth, type HuntReport, type Score } from './report.ts';
export { EXPLOIT_TAG } from './run/pivot.ts';
