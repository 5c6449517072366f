// `vigil demo run`: the main job on the embedded store — for now, import the bundled Amnesty
// indicators (Pegasus, Predator) and print what was loaded.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/index.ts';
import { BUNDLED_IOCS_DIR, importIndicatorFile, indicatorStats } from '../../indicators/index.ts';
import { withStore } from '../../store/index.ts';
import { println, table } from '../output.ts';

export const DEMO_IOC_FILES = ['amnesty-pegasus-2021/pegasus.stix2', 'amnesty-cytrox-2021/cytrox.stix2'];

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('the demo campaign, end to end, on the embedded store');
  demo
    .command('run')
    .description('import the bundled indicators and print their statistics')
    .option('--home <dir>', 'state folder for the demo', '.vigil-demo')
    .action(async (o) => {
      const home = path.resolve(o.home);
      fs.mkdirSync(home, { recursive: true });
      const config = { ...loadConfig(), home, databaseUrl: undefined };
      println(`vigil demo — state in ${home} (embedded PGlite store)`);
      println('Indicators: Amnesty International Security Lab, github.com/AmnestyTech/investigations (CC BY)');
      await withStore(async (store) => {
        for (const f of DEMO_IOC_FILES) {
          const r = await importIndicatorFile(store, path.join(BUNDLED_IOCS_DIR, f));
          println(`  ${f}: ${r.imported} imported (${Object.entries(r.byType).map(([t, n]) => `${n} ${t}`).join(', ')}), ${r.dropped.length} dropped, ${r.suppressed.length} suppressed`);
        }
        const st = await indicatorStats(store);
        println();
        println(table(Object.entries(st.byCollection).flatMap(([c, types]) => Object.entries(types).map(([t, n]) => [c, t, n])), ['collection', 'type', 'count']));
        println(`total: ${st.total} indicators from ${st.sources.length} files; ${st.warninglists.length} warninglists active`);
      }, config);
    });
}
