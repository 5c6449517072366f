// Compile errors: each names the rule, the file and line, and what is wrong; all are collected.
import { VigilError } from '../../core/index.ts';
import type { Loc } from './ast.ts';

export interface RuleProblem {
  file: string;
  line: number;
  col: number;
  rule?: string;
  message: string;
}

export function problem(loc: Loc, message: string, rule?: string): RuleProblem {
  return { file: loc.file, line: loc.line, col: loc.col, rule, message };
}

export function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}:${p.col}${p.rule ? ` [${p.rule}]` : ''}: ${p.message}`;
}

/** Thrown when a rule set has problems; carries every one of them. */
export class RuleCompileError extends VigilError {
  constructor(readonly problems: RuleProblem[]) {
    super('RULE_COMPILE', `${problems.length} problem${problems.length === 1 ? '' : 's'} in the rules; first: ${formatProblem(problems[0])}`, {
      hint: 'run vigil rules check to see all of them',
    });
  }
}
