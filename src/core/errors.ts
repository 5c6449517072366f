// One root error with a stable `code`; each stage of vigil throws its own subclass so the CLI can
// print one line (what, where, what to do) and choose the exit code without inspecting messages.

export interface ErrorDetails {
  /** Where it happened: a file, file:line, a rule, a table. */
  where?: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

export class VigilError extends Error {
  readonly code: string;
  readonly where?: string;
  readonly hint?: string;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 1;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.where = details.where;
    this.hint = details.hint;
  }

  /** The single line a CLI user sees. */
  oneLine(): string {
    let line = `${this.message}`;
    if (this.where) line += ` (at ${this.where})`;
    if (this.hint) line += ` — ${this.hint}`;
    return `[${this.code}] ${line}`;
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends VigilError {
  override readonly exitCode = 2;
  constructor(message: string, details: ErrorDetails = {}) {
    super('USAGE', message, details);
  }
}

export class ConfigError extends VigilError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}

/** Case store: connection, migration, query failures. */
export class StoreError extends VigilError {}

/** Parsing of any input format (STIX, MISP, Zeek, plain lists, warninglists). */
export class ParseError extends VigilError {}

/** Indicator import, normalization and matching. */
export class IndicatorError extends VigilError {}

/** Reading input files (missing, unreadable, too large). */
export class InputError extends VigilError {}

export function isVigilError(e: unknown): e is VigilError {
  return e instanceof VigilError;
}

/** Wraps an unknown thrown value so callers always deal with a VigilError. */
export function asVigilError(e: unknown, code = 'INTERNAL', where?: string): VigilError {
  if (e instanceof VigilError) return e;
  // One line, and short: the messages of libraries (DuckDB's above all) go on to quote the input
  // line or SQL they failed on, which may name a victim.
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const message = first.length > 200 ? `${first.slice(0, 200)}…` : first;
  return new VigilError(code, message, { where, cause: e, hint: 'this is a bug in vigil if it persists; please report it' });
}
