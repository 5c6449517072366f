// `vigil warninglist …`: load MISP warninglists, list the active ones, check a value.
import type { Command } from 'commander';
import { UsageError } from '../../core/index.ts';
import {
  activeWarninglists, deleteWarninglist, importWarninglistFile, INDICATOR_TYPES, isIndicatorType, WarninglistSet,
} from '../../indicators/index.ts';
import { withStore } from '../../store/index.ts';
import { setExitCode } from '../exit.ts';
import { printJson, println, table } from '../output.ts';

export function registerWarninglist(program: Command): void {
  const wl = program.command('warninglist').description('known-benign values (MISP warninglist format) that suppress matches');

  wl.command('import')
    .description('load MISP warninglist JSON files (replaces a list of the same name)')
    .argument('<file...>', 'warninglist files')
    .action(async (files: string[]) => {
      await withStore(async (s) => {
        for (const f of files) {
          const w = await importWarninglistFile(s, f);
          println(`${w.name}: ${w.list.length} ${w.type} entries`);
        }
      });
    });

  wl.command('list')
    .description('active warninglists, built-in and loaded')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const lists = await withStore(activeWarninglists);
      if (o.json) return printJson(lists.map(({ list, ...rest }) => ({ ...rest, entries: list.length })));
      println(table(lists.map((w) => [w.name, w.type, w.list.length, w.builtin ? 'built in' : w.path ?? '']), ['name', 'type', 'entries', 'from']));
    });

  wl.command('remove')
    .description('remove a loaded warninglist')
    .argument('<name>', 'warninglist name')
    .action(async (name: string) => {
      const n = await withStore((s) => deleteWarninglist(s, name));
      if (n === 0) throw new UsageError(`no loaded warninglist named '${name}'`, { hint: 'built-in lists live in data/warninglists' });
      println(`removed ${name}`);
    });

  wl.command('check')
    .description('is a value on a warninglist?')
    .argument('<value>', 'value to check')
    .requiredOption('--type <type>', `its type (${INDICATOR_TYPES.join(', ')})`)
    .action(async (value: string, o) => {
      if (!isIndicatorType(o.type)) throw new UsageError(`unknown type '${o.type}'`);
      const set = new WarninglistSet(await withStore(activeWarninglists));
      const hit = set.check(o.type, value);
      if (hit) {
        println(`${value}: on "${hit.warninglist}" (entry ${hit.entry})`);
        setExitCode(1);
      } else println(`${value}: on no warninglist`);
    });
}
