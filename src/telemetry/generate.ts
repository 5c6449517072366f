// `vigil telemetry generate`: a call-telemetry dataset by the spec, with every benign look-alike
// (B1–B5) and a planted campaign (T1–T7), its truth.json and the investigators' indicator file.
// The same seed gives the same files.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/index.ts';
import { backgroundCall, exploitCall, probeCall, type CallContext, type Party } from './calls.ts';
import { CAMPAIGN_WINDOW, planCampaign, targetCounts } from './campaign.ts';
import { buildPopulation, buildSets, type Account } from './population.ts';
import { loadReleases } from './releases.ts';
import { Rng } from './rng.ts';
import type { TelemetryEvent, Truth } from './schema.ts';
import { csvToParquet, EventWriter, type TelemetryFormat } from './writer.ts';

export interface GenerateOptions {
  out: string;
  events: number;
  seed: number;
  format: TelemetryFormat;
  targets?: number;
  attackers?: number;
  onProgress?: (events: number) => void;
}

export interface GenerateResult {
  dataFile: string;
  truthFile: string;
  iocFile: string;
  events: number;
  accounts: number;
  truth: Truth;
}

/** The dataset spans a little over five weeks around the campaign window. */
const DATA_START = Date.UTC(2019, 3, 15);
const DATA_DAYS = 39;
/** Relative call volume by local hour: quiet nights, busy evenings. */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 10, 11, 10, 9, 9, 10, 11, 12, 13, 13, 11, 8, 4];
const HOUR_CUM = (() => {
  let s = 0;
  return Float64Array.from(HOUR_WEIGHTS, (w) => (s += w));
})();

function party(a: Account): Party {
  return { number: a.number, ip: a.ip, client: a.client };
}

export async function generateTelemetry(o: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(o.events) || o.events < 1000) throw new UsageError('--events must be a whole number of at least 1000');
  const targetTotal = o.targets ?? 1400;
  const attackerTotal = o.attackers ?? 36;
  fs.mkdirSync(o.out, { recursive: true });
  const rng = new Rng(o.seed);
  const releases = loadReleases();
  const builds = buildSets(releases);
  const minimums = new Map([...targetCounts(targetTotal)].map(([iso, n]) => [iso, n * 3]));
  const pop = buildPopulation(rng.fork(1), Math.max(4000, Math.min(300_000, Math.round(o.events / 40))), builds, minimums);
  const campaign = planCampaign(rng.fork(2), pop, builds.recent, targetTotal, attackerTotal);

  const dataFile = path.join(o.out, `events.${o.format}`);
  const textFile = o.format === 'parquet' ? path.join(o.out, '.events.tmp.csv') : dataFile;
  const writer = new EventWriter(textFile, o.format === 'jsonl' ? 'jsonl' : 'csv');
  const emit = (e: TelemetryEvent) => writer.write(e);
  const callRng = rng.fork(3);
  let callNo = 0;
  const ctx = (start: number, caller: Party, callee: Party): CallContext => ({
    rng: callRng,
    emit,
    callId: `c${o.seed.toString(36)}-${(callNo++).toString(36).padStart(7, '0')}`,
    start,
    caller,
    callee,
    relayIp: `157.240.${callRng.int(0, 255)}.${callRng.int(1, 254)}`,
  });

  for (const a of campaign.attempts) {
    const caller = { number: a.attacker.number, ip: callRng.pick(a.attacker.ips), client: a.attacker.client };
    const c = ctx(a.at, caller, party(a.target));
    if (a.kind === 'probe') probeCall(c);
    else exploitCall(c, { oversizedOffer: a.oversizedOffer, malformedRtcp: a.malformedRtcp });
  }

  const people = pop.accounts;
  const byCountry = pop.byCountry;
  while (writer.count < o.events) {
    const business = callRng.chance(0.03);
    const caller = business ? callRng.pick(pop.businesses) : people[callRng.weighted(pop.pickCumulative)];
    let callee: Account;
    if (!business && callRng.chance(0.8)) callee = callRng.pick(byCountry.get(caller.country)!);
    else callee = people[callRng.weighted(pop.pickCumulative)];
    if (callee === caller) continue;
    const day = callRng.int(0, DATA_DAYS - 1);
    const localHour = callRng.weighted(HOUR_CUM);
    const start = DATA_START + day * 86_400_000 + Math.floor((localHour - caller.utcOffset + callRng.next()) * 3_600_000);
    const r = callRng.next();
    const kind = business
      ? r < 0.45 ? 'answered' : r < 0.75 ? 'missed' : r < 0.95 ? 'cancelled' : 'rejected'
      : r < 0.6 ? 'answered' : r < 0.8 ? 'missed' : r < 0.95 ? 'cancelled' : 'rejected';
    const bugSide = caller.kind === 'old-build' ? 'caller' : callee.kind === 'old-build' ? 'callee' : undefined;
    backgroundCall(ctx(start, party(caller), party(callee)), {
      kind,
      video: callRng.chance(0.1),
      oldBuildBug: bugSide && callRng.chance(0.3) ? bugSide : undefined,
    });
    if ((callNo & 0x3fff) === 0) o.onProgress?.(writer.count);
  }
  writer.close();
  o.onProgress?.(writer.count);
  if (o.format === 'parquet') {
    await csvToParquet(textFile, dataFile);
    fs.rmSync(textFile);
  }

  const truth: Truth = {
    attackers: [...new Set(campaign.attempts.map((a) => a.attacker.number))].sort(),
    targets: [...new Set(campaign.attempts.map((a) => a.target.number))].sort(),
    window: { start: new Date(CAMPAIGN_WINDOW.start).toISOString(), end: new Date(CAMPAIGN_WINDOW.end).toISOString() },
  };
  const truthFile = path.join(o.out, 'truth.json');
  fs.writeFileSync(truthFile, JSON.stringify(truth, null, 1) + '\n');
  const iocFile = path.join(o.out, 'campaign-iocs.stix2');
  fs.writeFileSync(iocFile, JSON.stringify(campaign.indicatorBundle, null, 1) + '\n');
  return { dataFile, truthFile, iocFile, events: writer.count, accounts: pop.accounts.length, truth };
}
