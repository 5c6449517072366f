// Device-check vocabulary, shaped like MVT's so its users' scripts keep working: modules with a
// slug, results, alerts with MVT's level names, timeline rows.
import type { PieceWriter } from './output-files.ts';
import type { MatchIndex } from '../indicators/index.ts';
import type { ArtifactSource } from './sources/types.ts';

export const LEVELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Level = (typeof LEVELS)[number];

export type Result = Record<string, unknown>;

export interface Alert {
  level: Level;
  module: string;
  message: string;
  event_time: string | null;
  event: Result;
  matched_indicator: Record<string, unknown> | null;
}

export interface TimelineRow {
  timestamp: string | null;
  module: string;
  event: string;
  data: string;
}

export interface ModuleContext {
  source: ArtifactSource;
  index: MatchIndex;
  /**
   * Tells the user what the module met and could not use (lines that are no JSON, events of a
   * type no module reads): the module's outcome carries it, so nothing is left out silently.
   */
  note?: (text: string) => void;
  /**
   * Opens the module's <name>.json afresh (one it opened before is discarded), for a module that
   * writes its records' JSON as it reads them; absent when the check writes no files.
   */
  resultsFile?: () => PieceWriter;
  /**
   * Starts the module's timeline run afresh, for a module that adds its records' rows as it reads
   * them and returns Streamed; absent when the module is run outside a check.
   */
  timelineRun?: () => TimelineSink;
}

/** Where a module adds its timeline rows as it reads (see RunBuilder.add for `tie`; all rows or none have one). */
export interface TimelineSink {
  add(row: TimelineRow, tie?: number): void;
}

/**
 * What a module returns that did its records' work as it read them, so that a big database's
 * records die young: it wrote <name>.json through resultsFile and its rows through timelineRun,
 * and keeps only the records its check can alert on, in its records' order (the check gives
 * from them the alerts it would give from all).
 */
export class Streamed {
  constructor(
    readonly count: number,
    readonly kept: Result[],
  ) {}
}

export interface DeviceModule {
  slug: string;
  description: string;
  /** Which kinds of source it reads. */
  sources: ArtifactSource['kind'][];
  /** Finds its files and extracts records; a typed DeviceError when it cannot. */
  extract(ctx: ModuleContext): Promise<Result[] | Streamed> | Result[] | Streamed;
  /** Checks records against the indicators (and heuristics); returns alerts. */
  check(records: Result[], ctx: ModuleContext): Alert[];
  /** Timeline rows of the records, each record's from it alone (a big module's records are given a slice at a time). */
  timeline(records: Result[]): TimelineRow[];
  /** The name of its results files (<name>.json, <name>_detected.json) where MVT's is not the slug. */
  results?: string;
  /** The bytes of <slug>.json, when not the records' own JSON (pieces, written in order). */
  json?(records: Result[]): Iterable<string | Buffer>;
  /** The records of a <slug>.json that `json` wrote in another shape than a list (for check-iocs). */
  fromJson?(value: unknown): Result[];
}
