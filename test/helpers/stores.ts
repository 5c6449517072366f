// The store drivers every contract test runs against: embedded PGlite and a real PostgreSQL.
import { after } from 'node:test';
import { migrate, openPglite, openPostgres, type Store } from '../../src/store/index.ts';
import { startPostgres, type PgServer } from './postgres.ts';

export interface DriverCase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store. */
  open(): Promise<Store>;
}

let server: Promise<PgServer> | undefined;
let dbCounter = 0;

// Registered at load time so it belongs to the file's root, not to the first test that asks.
after(async () => {
  if (server) await (await server).stop();
});

function pgServer(): Promise<PgServer> {
  server ??= startPostgres();
  return server;
}

export const drivers: DriverCase[] = [
  {
    name: 'pglite',
    async open() {
      const s = await openPglite();
      await migrate(s);
      return s;
    },
  },
  {
    name: 'postgres',
    async open() {
      const srv = await pgServer();
      const url = await srv.createDatabase(`t_${process.pid}_${++dbCounter}`);
      const s = await openPostgres(url);
      await migrate(s);
      return s;
    },
  },
];

import { openVault, type PiiVault } from '../../src/cases/index.ts';
import { tempDir } from './fixtures.ts';

/** A fixed test key: the store records its fingerprint like any other. */
export const TEST_KEY = 'a1'.repeat(32);

export function testVault(store: Store): Promise<PiiVault> {
  return openVault(store, { home: tempDir() }, { VIGIL_KEY: TEST_KEY });
}

/** A fresh migrated PostgreSQL database and its URL, for tests that hand the store to a child process. */
export async function openPostgresWithUrl(): Promise<{ store: Store; url: string }> {
  const srv = await pgServer();
  const url = await srv.createDatabase(`t_${process.pid}_${++dbCounter}`);
  const store = await openPostgres(url);
  await migrate(store);
  return { store, url };
}
