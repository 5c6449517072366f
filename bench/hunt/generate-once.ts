// bench/hunt's data, made in a process of its own so that none of the generator's garbage is in
// the memory of the processes that are timed. Prints the generator's result (without its truth's
// lists) and the truth's target count as JSON.
// Usage: generate-once.ts OUT_DIR EVENTS FORMAT
import { generateTelemetry, type TelemetryFormat } from '../../src/telemetry/index.ts';

const [out, events, format] = process.argv.slice(2);
const t = Date.now();
const g = await generateTelemetry({ out, events: Number(events), seed: 2019, format: format as TelemetryFormat });
console.log(JSON.stringify({ dataFile: g.dataFile, iocFile: g.iocFile, events: g.events, targets: g.truth.targets.length, ms: Date.now() - t }));
