// `npm run bench`: every benchmark in bench/, one after another, each printing its own figures.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = ['indicators/scan.bench.ts', 'hunt/hunt.bench.ts', 'notify/notify.bench.ts', 'device/device.bench.ts'];
for (const b of benches) {
  console.log(`\n=== bench/${b}`);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(here, b)], { stdio: 'inherit' });
}
