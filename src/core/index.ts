// Shared foundations: errors, configuration, terminal output helpers.
export * from './errors.ts';
export * from './config.ts';
export * from './term.ts';
export * from './own.ts';
export * from './duckdb.ts';
export * from './csv.ts';
export * from './text.ts';
export * from './time.ts';
export * from './collections.ts';
export * from './files.ts';
export * from './exact-json.ts';
