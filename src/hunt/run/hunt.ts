// `vigil hunt run`: compile the rules, load the data into DuckDB, bind the indicator sets, run
// every query, pivot to attackers and targets, and store it all in the case in one transaction.
import { InputError, loadConfig, openDuckDb } from '../../core/index.ts';
import * as cases from '../../cases/index.ts';
import { openVault, victimRow, type DetectionInsert, type PiiVault } from '../../cases/index.ts';
import { activeWarninglists, loadIndicators, recordsFromFiles, requireIndicators, WarninglistSet, type IndicatorRecord } from '../../indicators/index.ts';
import type { Store } from '../../store/index.ts';
import { compileRulePaths, compileScanPlan, findLogsource, setTable, type CompiledQuery } from '../compile/index.ts';
import { RuleCompileError } from '../sigma/errors.ts';
import { classifyDataFile, expandDataPaths, type DataFile } from './data-files.ts';
import { runQuery, type QueryOutcome } from './execute.ts';
import { ATTACKER_INDICATOR_TAG, attackerAccounts, isExploitRule, pivot, type PivotResult } from './pivot.ts';
import { installIndicatorSets, installPrelude } from './prelude.ts';
import { refuseEmptyData, runnableQueries } from './refusals.ts';
import { loadSources, readError, type RejectedRecord } from './sources.ts';
import { columnsNamedIn } from './telemetry-sql.ts';

export interface HuntOptions {
  caseName: string;
  rules: string[];
  data: string[];
  iocs?: string[];
  window?: { start: string; end: string };
  /** Detections stored per rule at most (all are counted). */
  maxRowsPerRule?: number;
  threads?: number;
  /** Encrypts what the hunt stores about victims; opened from VIGIL_KEY or the key file if not given. */
  vault?: PiiVault;
  onStep?: (step: string, done: number, total: number) => void;
}

export interface HuntSummary {
  huntId: number;
  caseName: string;
  files: number;
  /** Files found in folders or by globs that hold neither telemetry nor a Zeek log. */
  ignored: string[];
  rows: Record<string, number>;
  /** Telemetry rows the rules read under the scan plan; absent when they read every row. */
  ruleRows?: number;
  rejected: RejectedRecord[];
  rejectedTotal: number;
  indicatorSets: Record<string, number>;
  suppressedIndicators: { type: string; value: string; warninglist: string }[];
  queries: { name: string; kind: string; level: string; matches: number; stored: number; ms: number }[];
  skipped: { name: string; reason: string }[];
  attackers: number;
  targets: number;
  window?: { start: string; end: string };
  ms: number;
  /** Milliseconds per phase: compile and prelude, load data, rules and pivot, storing detections, store (the rest). */
  phases?: Record<string, number>;
}

/** Queries that say when the indicators' accounts placed calls. */
const isIndicatorQuery = (q: CompiledQuery) => q.kind === 'rule' && q.tags.includes(ATTACKER_INDICATOR_TAG) && q.logsources.includes('call_telemetry');

/** What a hunt needs before DuckDB: its rules compiled, its files, and its indicators less the known-benign ones. */
async function prepare(store: Store, o: HuntOptions) {
  const compiled = compileRulePaths(o.rules);
  if (compiled.problems.length > 0) throw new RuleCompileError(compiled.problems);
  const paths = expandDataPaths(o.data);
  const files = paths.map(classifyDataFile).filter((f): f is DataFile => f !== undefined);
  const ignored = paths.filter((p) => !files.some((f) => f.file === p.file)).map((p) => p.file);
  if (files.length === 0) throw new InputError('DATA_NONE', 'no call telemetry or Zeek log among the data paths', { where: o.data.join(' ') });
  const fromFiles = o.iocs && o.iocs.length > 0 ? recordsFromFiles(o.iocs).records : [];
  // Indicator files given on purpose that hold nothing usable are a mistake, not a hunt without them.
  if (o.iocs && o.iocs.length > 0) requireIndicators(fromFiles.length, o.iocs);
  const allIndicators: IndicatorRecord[] = [...(await loadIndicators(store)), ...fromFiles];
  // Known-benign values (warninglists) never become part of a hunt's indicator sets; they are reported.
  const benign = new WarninglistSet(await activeWarninglists(store));
  const suppressedIndicators = allIndicators.filter((r) => benign.check(r.type, r.value)).map((r) => ({ type: r.type, value: r.value, warninglist: benign.check(r.type, r.value)!.warninglist }));
  const indicators = allIndicators.filter((r) => !benign.check(r.type, r.value));
  return { compiled, files, ignored, suppressedIndicators, indicators };
}

export async function runHunt(store: Store, o: HuntOptions): Promise<HuntSummary> {
  const started = new Date();
  // DuckDB starts (its own threads open it) while the rules compile and the indicators load.
  const opening = openDuckDb(o.threads);
  // Marked handled now: a failure to open is thrown where `opening` is awaited, below.
  opening.catch(() => undefined);
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(store, o);
  } catch (e) {
    await opening.then((d) => d.close(), () => undefined);
    throw e;
  }
  const { compiled, files, ignored, suppressedIndicators, indicators } = prepared;
  const db = await opening;
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = now - mark;
    mark = now;
  };
  try {
    const c = db.connection;
    o.onStep?.('loading data', 0, 1);
    await installPrelude(c);
    // Every set any rule names is installed before the data: the scan plan tests records against them.
    const setCounts = await installIndicatorSets(c, compiled.queries.flatMap((q) => q.sets), indicators);
    phase('compile and prelude');
    // Most telemetry rows are beyond every rule's reach (plain RTCP, ringing). The rows some rule
    // can use are copied once (for Parquet, in the pass that checks the records), and each rule
    // reads the copy rather than every row (see compile/scan-plan.ts).
    const plan = compileScanPlan(compiled.docs, 'call_telemetry', { actorRules: isExploitRule });
    // The pivot then reads only the rows of accounts it may name: the callers of rows an exploit
    // rule can match, and the indicators' accounts. Not when an exploit rule reads another
    // logsource: its actors (hosts) are not known before it runs.
    const exploitElsewhere = compiled.docs.some((d) => d.kind === 'rule' && isExploitRule(d) && findLogsource(d.logsource)?.id !== 'call_telemetry');
    const pivotAccounts = exploitElsewhere ? undefined : attackerAccounts(indicators);
    const columns = columnsNamedIn(compiled.queries.filter((q) => q.logsources.includes('call_telemetry')).map((q) => q.sql));
    const loaded = await loadSources(c, files, { plan, pivotAccounts, columns });
    refuseEmptyData(loaded, o.data);
    phase('load data');
    const { runnable, skipped } = runnableQueries(compiled.queries, loaded, o.rules);
    const runnableSets = new Set<string>(runnable.flatMap((q) => q.sets).map((s) => setTable(s.type)));
    const indicatorSets = Object.fromEntries(Object.entries(setCounts).filter(([type]) => runnableSets.has(type)));
    const vault = o.vault ?? (await openVault(store, loadConfig()));
    // Evidence rows and actors name victims (callees, office hosts): stored only encrypted. An
    // actor is sealed once per hunt (thousands of detections name the same few callers) and stored
    // once with it (hunt_actors), before the first detection naming it by its lookup hash.
    const actors = new Map<string, cases.HuntActor>();
    let newActors: cases.HuntActor[] = [];
    const sealedActor = (actor: string) => {
      let sealed = actors.get(actor);
      if (!sealed) {
        actors.set(actor, (sealed = { hash: vault.hash('actor', actor), enc: vault.encrypt(actor) }));
        newActors.push(sealed);
      }
      return sealed;
    };
    const seal = (d: DetectionInsert): cases.DetectionRow => ({
      ruleName: d.ruleName, ts: d.ts, callId: d.callId,
      actorHash: d.actor ? sealedActor(d.actor).hash : null,
      evidenceEnc: vault.encrypt(JSON.stringify(d.evidence)),
    });
    // One transaction for the whole hunt, open while DuckDB works: detections are sealed and stored
    // in the background, one query's after another, while DuckDB runs the next queries and the
    // pivot on its own threads; a failure stores nothing.
    const result = await store.transaction(async (tx) => {
      // A hunt's results can be made again by running it again: its commit need not wait for the
      // write-ahead log to reach the disk (for this transaction only). A crash in the instant after
      // can lose the hunt, never leave the store half-written. Commit took 20-30 ms of a 10 M-event hunt.
      await tx.query('SET LOCAL synchronous_commit = off');
      const caseId = await cases.ensureCase(tx, o.caseName);
      const id = await cases.startHunt(tx, caseId, compiled.queries.map((q) => ({ name: q.name, title: q.title, file: q.file, level: q.level })), { paths: o.data, files: files.map((f) => f.file), iocs: o.iocs ?? [] }, started);
      // The rules' titles, levels and logsources are stored once, with the hunt; detections name the rule.
      const rules = new Map(compiled.queries.map((q) => [q.name, { name: q.name, title: q.title, level: q.level, logsource: q.logsources.join('+') }]));
      await cases.insertHuntRules(tx, id, [...rules.values()]);
      let storing: Promise<unknown> = Promise.resolve();
      let storeFailed = false;
      // Sent as soon as ready, in order, without waiting for the last to be stored: the store
      // takes them in turn, on its own thread for the embedded one.
      const inBackground = (stored: Promise<unknown>) => {
        stored.catch(() => (storeFailed = true));
        storing = Promise.all([storing, stored]);
        // Marked handled now; the failure is thrown where `storing` is awaited, below.
        storing.catch(() => undefined);
      };
      const storeDetections = (x: QueryOutcome) => {
        const rows = x.rows.map(seal);
        const named = newActors;
        newActors = [];
        inBackground(Promise.all([cases.insertHuntActors(tx, id, named), cases.insertDetections(tx, id, caseId, rows)]));
      };
      const outcomes: QueryOutcome[] = [];
      let pivoting: Promise<PivotResult> | undefined;
      let campaign: PivotResult | undefined;
      // The pivot, once the rules it reads have run (DuckDB runs its query as the others').
      const startPivot = () => {
        o.onStep?.('pivot', outcomes.length, runnable.length);
        const exploit = outcomes.filter((x) => isExploitRule(x.query)).flatMap((x) => x.rows);
        // Used only when every detection was kept: a truncated list could miss an account.
        const indicatorRuns = outcomes.filter((x) => isIndicatorQuery(x.query));
        const indicatorDetections = indicatorRuns.length > 0 && indicatorRuns.every((x) => x.stored === x.total) ? indicatorRuns.flatMap((x) => x.rows) : undefined;
        pivoting = loaded.present.has('call_telemetry')
          ? pivot(c, exploit, indicators, o.window, indicatorDetections).catch((e: unknown) => {
              throw readError(e, files);
            })
          : Promise.resolve({ attackers: [], targets: [] });
        pivoting.catch(() => undefined);
        return pivoting;
      };
      // Its victims are sealed and sent to the store while the other rules run.
      const storeVictims = (found: PivotResult) => {
        const victims = found.targets.map((t) => victimRow(vault, t, 'hunt', id));
        inBackground(cases.pruneStaleVictims(tx, caseId).then(() => cases.upsertVictims(tx, caseId, victims)));
      };
      // The rules the pivot reads run first: exploit rules and rules of the indicators' accounts.
      const feedsPivot = (q: CompiledQuery) => isExploitRule(q) || isIndicatorQuery(q);
      const order = [...runnable.filter(feedsPivot), ...runnable.filter((q) => !feedsPivot(q))];
      const pivotAfter = order.filter(feedsPivot).length;
      let next: Promise<QueryOutcome> | undefined;
      try {
        // DuckDB runs each query (and the pivot's) while the last one's detections are sealed here.
        const run = (i: number) => {
          o.onStep?.(`rule ${order[i].name}`, i, order.length);
          return runQuery(c, order[i], o.maxRowsPerRule ?? 200_000, (e) => readError(e, files));
        };
        if (pivotAfter === 0) storeVictims((campaign = await startPivot()));
        next = order.length > 0 ? run(0) : undefined;
        for (let i = 0; next; i++) {
          const x = await next;
          // A store that failed meanwhile ends the hunt: nothing more is sent.
          if (storeFailed) break;
          outcomes.push(x);
          if (i + 1 === pivotAfter) {
            const pivoted = startPivot();
            storeDetections(x);
            campaign = await pivoted;
            next = i + 1 < order.length ? run(i + 1) : undefined;
            storeVictims(campaign);
          } else {
            next = i + 1 < order.length ? run(i + 1) : undefined;
            storeDetections(x);
          }
        }
        phase('rules and pivot');
        await storing;
      } finally {
        // Nothing may outlive this callback: inserts still pending would run after the transaction
        // ended, and a DuckDB query still running when the connection closes crashes the process.
        await Promise.allSettled([storing, pivoting, next]);
      }
      phase('storing detections');
      // The loop ends early only on a failed store, thrown above: the pivot ran.
      const found = campaign!;
      outcomes.sort((a, b) => runnable.indexOf(a.query) - runnable.indexOf(b.query));
      const summary: Omit<HuntSummary, 'huntId'> = {
        caseName: o.caseName,
        files: files.length,
        ignored,
        rows: loaded.rows,
        ruleRows: loaded.ruleRows,
        rejected: loaded.rejected,
        rejectedTotal: loaded.rejectedTotal,
        indicatorSets,
        suppressedIndicators,
        queries: outcomes.map((x) => ({ name: x.query.name, kind: x.query.kind, level: x.query.level, matches: x.total, stored: x.stored, ms: x.ms })),
        skipped,
        attackers: found.attackers.length,
        targets: found.targets.length,
        window: found.window,
        ms: Date.now() - started.getTime(),
      };
      await cases.insertAttackers(tx, id, caseId, found.attackers);
      await cases.insertRejects(tx, id, loaded.rejected);
      await cases.finishHunt(tx, id, summary, found.window);
      return { huntId: id, ...summary };
    });
    phase('store');
    return { ...result, phases, ms: Date.now() - started.getTime() };
  } finally {
    db.close();
  }
}
