// `vigil report`: a self-contained campaign report (HTML or PDF) with CSV/JSON/STIX exports.
import type { Command } from 'commander';
import { openVault, operatorName } from '../../cases/index.ts';
import { writeReport } from '../../console/index.ts';
import { loadConfig, UsageError } from '../../core/index.ts';
import { withStore } from '../../store/index.ts';
import { printJson, println } from '../output.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the campaign report (numbers, charts, attackers, infrastructure, rules, rollout, method) and its exports')
    .requiredOption('--case <name>', 'case name')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--format <format>', 'html|pdf', 'html')
    .option('--reveal', 'include victims\' numbers, names and organisations (recorded in the audit log)')
    .option('--as <name>', 'who is writing the report, for the audit log')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (o.format !== 'html' && o.format !== 'pdf') throw new UsageError(`unknown format '${o.format}'`, { hint: 'html or pdf' });
      const r = await withStore(async (s) => writeReport(s, await openVault(s, loadConfig()), o.case, o.out, o.format, Boolean(o.reveal), operatorName(o.as)));
      if (o.json) return printJson(r);
      println(`report of ${o.case} written to ${r.dir}:`);
      for (const f of r.files) println(`  ${f}`);
    });
}
