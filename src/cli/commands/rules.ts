// `vigil rules …`: check Sigma rule sets and show the SQL they compile to.
import type { Command } from 'commander';
import { UsageError } from '../../core/index.ts';
import { compileRulePaths, formatProblem } from '../../hunt/index.ts';
import { setExitCode } from '../exit.ts';
import { printJson, println } from '../output.ts';

export function registerRules(program: Command): void {
  const r = program.command('rules').description('Sigma rules: check and compile');

  r.command('check')
    .description('parse and compile every rule under the paths; list every problem with file and line')
    .argument('<path...>', 'rule files or folders')
    .option('--json', 'machine-readable output')
    .action((paths: string[], o) => {
      const res = compileRulePaths(paths);
      if (res.problems.length > 0) setExitCode(1);
      if (o.json) return printJson({ rules: res.queries.map((q) => ({ name: q.name, kind: q.kind, file: q.file, line: q.line, logsources: q.logsources })), problems: res.problems });
      for (const q of res.queries) println(`ok    ${q.kind === 'correlation' ? 'correlation' : 'rule       '} ${q.name}  (${q.file}:${q.line})`);
      for (const p of res.problems) println(`error ${formatProblem(p)}`);
      println(`${res.queries.length} compiled, ${res.problems.length} problem${res.problems.length === 1 ? '' : 's'}`);
    });

  r.command('compile')
    .description('show the SQL and bound parameters a rule compiles to')
    .argument('<rule>', 'rule file (every rule and correlation in it)')
    .option('--dialect <dialect>', 'target dialect', 'duckdb')
    .option('--rules <path...>', 'other rule files or folders a correlation refers to')
    .option('--json', 'machine-readable output')
    .action((file: string, o) => {
      if (o.dialect !== 'duckdb') throw new UsageError(`unknown dialect '${o.dialect}'`, { hint: 'vigil compiles to duckdb' });
      const res = compileRulePaths([file, ...(o.rules ?? [])]);
      const mine = res.queries.filter((q) => q.file === file || q.file.endsWith(file));
      const problems = res.problems;
      if (problems.length > 0) setExitCode(1);
      if (o.json) return printJson({ queries: mine, problems });
      for (const q of mine) {
        println(`-- ${q.kind} ${q.name}: ${q.title} (${q.level})${q.generate ? '' : ' [feeds a correlation only]'}`);
        println(`${q.sql};`);
        println(`-- parameters: ${JSON.stringify(q.params)}`);
        if (q.sets.length > 0) println(`-- indicator sets: ${q.sets.map((s) => s.placeholder).join(', ')}`);
        println();
      }
      for (const p of problems) println(`error ${formatProblem(p)}`);
    });
}
