// `vigil telemetry …`: generate call-telemetry datasets (and Zeek logs) to hunt in.
import type { Command } from 'commander';
import { progressBar, UsageError } from '../../core/index.ts';
import { generateTelemetry, generateZeek, type TelemetryFormat } from '../../telemetry/index.ts';
import { wholeNumber } from '../args.ts';
import { printJson, println } from '../output.ts';

export function registerTelemetry(program: Command): void {
  const t = program.command('telemetry').description('generate call telemetry (format v1) and Zeek logs with a planted campaign');

  t.command('generate')
    .description('write a call-telemetry dataset, its truth.json and the campaign indicator file')
    .requiredOption('--out <dir>', 'output folder')
    .option('--events <n>', 'number of events', '1000000')
    .option('--seed <n>', 'random seed (same seed, same data)', '1')
    .option('--format <format>', 'parquet|jsonl|csv', 'parquet')
    .option('--targets <n>', 'campaign targets', '1400')
    .option('--attackers <n>', 'campaign attacker accounts', '36')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (!['parquet', 'jsonl', 'csv'].includes(o.format)) throw new UsageError(`unknown format '${o.format}'`, { hint: 'parquet, jsonl or csv' });
      const events = wholeNumber(o.events, '--events');
      const bar = progressBar('generating', events, ' events');
      const r = await generateTelemetry({
        out: o.out, events, seed: wholeNumber(o.seed, '--seed'), format: o.format as TelemetryFormat,
        targets: wholeNumber(o.targets, '--targets'), attackers: wholeNumber(o.attackers, '--attackers'),
        onProgress: (n) => bar.update(n),
      });
      bar.finish();
      if (o.json) return printJson({ ...r, truth: { attackers: r.truth.attackers.length, targets: r.truth.targets.length, window: r.truth.window } });
      println(`wrote ${r.events} events (${r.accounts} accounts) to ${r.dataFile}`);
      println(`campaign: ${r.truth.attackers.length} attackers, ${r.truth.targets.length} targets, ${r.truth.window.start} – ${r.truth.window.end}`);
      println(`truth: ${r.truthFile}`);
      println(`indicators the investigators have: ${r.iocFile}`);
    });

  t.command('generate-zeek')
    .description('write Zeek dns, conn, ssl and http logs of an office network where a few hosts reach Pegasus domains')
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'random seed', '1')
    .option('--hosts <n>', 'internal hosts', '200')
    .option('--days <n>', 'days of traffic', '3')
    .option('--format <format>', 'tsv|json', 'tsv')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      if (!['tsv', 'json'].includes(o.format)) throw new UsageError(`unknown format '${o.format}'`, { hint: 'tsv or json' });
      const r = await generateZeek({ out: o.out, seed: wholeNumber(o.seed, '--seed'), hosts: wholeNumber(o.hosts, '--hosts'), days: wholeNumber(o.days, '--days'), format: o.format });
      if (o.json) return printJson(r);
      println(`wrote ${Object.entries(r.lines).map(([k, n]) => `${k}.log ${n}`).join(', ')} lines to ${o.out}`);
      println(`planted: ${r.truth.hosts.length} internal hosts reached indicator domains; truth: ${r.truthFile}`);
    });
}
