// Where vigil keeps its state and which store it talks to, from the environment.
import path from 'node:path';

export interface VigilConfig {
  /** Folder for the embedded case store, keys and caches. */
  home: string;
  /** PostgreSQL URL when set; otherwise the embedded PGlite store under `home`. */
  databaseUrl?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): VigilConfig {
  const home = path.resolve(env.VIGIL_HOME && env.VIGIL_HOME.trim() !== '' ? env.VIGIL_HOME : '.vigil');
  const databaseUrl = env.VIGIL_DATABASE_URL && env.VIGIL_DATABASE_URL.trim() !== '' ? env.VIGIL_DATABASE_URL : undefined;
  return { home, databaseUrl };
}
