// One contract, every store driver: migrations, transactions, bound parameters, types.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listMigrations, migrate } from '../../src/store/index.ts';
import { StoreError } from '../../src/core/index.ts';
import { drivers } from '../helpers/stores.ts';

for (const driver of drivers) {
  describe(`store contract: ${driver.name}`, () => {
    it('applies every migration once and is idempotent', async () => {
      const s = await driver.open();
      try {
        const rows = await s.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), listMigrations().map((m) => m.version));
        assert.deepEqual(await migrate(s), []);
      } finally {
        await s.close();
      }
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const s = await driver.open();
      try {
        await s.transaction(async (tx) => {
          await tx.query("INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ('/a', 'a', 'x', 'txt', 1)");
        });
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.query("INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ('/b', 'b', 'x', 'txt', 1)");
            throw new Error('boom');
          }),
          /boom/,
        );
        const rows = await s.query<{ path: string }>('SELECT path FROM ioc_sources ORDER BY path');
        assert.deepEqual(rows.map((r) => r.path), ['/a']);
      } finally {
        await s.close();
      }
    });

    it('binds parameters: a value built to break out of SQL is stored as text', async () => {
      const s = await driver.open();
      try {
        const evil = "x'); DROP TABLE ioc_sources; --";
        await s.query('INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ($1, $1, $2, $3, $4)', [evil, 'h', 'txt', 0]);
        const rows = await s.query<{ name: string }>('SELECT name FROM ioc_sources');
        assert.equal(rows[0].name, evil);
      } finally {
        await s.close();
      }
    });

    it('round-trips arrays through unnest, jsonb and timestamps the same way', async () => {
      const s = await driver.open();
      try {
        const rows = await s.query<{ v: string; j: unknown; t: Date; n: number }>(
          `SELECT u.v, u.j::jsonb AS j, u.t::timestamptz AS t, 7::int AS n FROM unnest($1::text[], $2::text[], $3::text[]) AS u(v, j, t)`,
          [['a', 'b'], [JSON.stringify({ k: [1, 2] }), null], ['2019-05-02T03:14:07.123Z', '2019-05-10T00:00:00Z']],
        );
        assert.equal(rows.length, 2);
        assert.deepEqual(rows[0].j, { k: [1, 2] });
        assert.equal(rows[1].j, null);
        assert.equal(new Date(rows[0].t).toISOString(), '2019-05-02T03:14:07.123Z');
        assert.equal(rows[0].n, 7);
      } finally {
        await s.close();
      }
    });

    it('reports a failing query as a StoreError naming the statement', async () => {
      const s = await driver.open();
      try {
        await assert.rejects(s.query('SELECT * FROM no_such_table'), (e: unknown) => e instanceof StoreError && e.code === 'STORE_QUERY');
      } finally {
        await s.close();
      }
    });

    it('keeps the audit log append-only: updates and deletes are refused', async () => {
      const s = await driver.open();
      try {
        await s.query("INSERT INTO audit_log (actor, action, case_name) VALUES ('ana', 'victims.reveal', 'c')");
        await assert.rejects(s.query("UPDATE audit_log SET actor = 'someone else'"), /append-only/);
        await assert.rejects(s.query('DELETE FROM audit_log'), /append-only/);
        const rows = await s.query<{ actor: string }>('SELECT actor FROM audit_log');
        assert.deepEqual(rows.map((r) => r.actor), ['ana']);
      } finally {
        await s.close();
      }
    });

    it('cascades: removing a source removes its indicators, collections and dropped rows', async () => {
      const s = await driver.open();
      try {
        const [{ id }] = await s.query<{ id: number }>("INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ('/p', 'p', 'h', 'txt', 1) RETURNING id::int AS id");
        const [{ id: cid }] = await s.query<{ id: number }>("INSERT INTO ioc_collections (source_id, key, name, kind) VALUES ($1, 'k', 'k', 'list') RETURNING id::int AS id", [id]);
        await s.query("INSERT INTO indicators (source_id, collection_id, type, value, match, original, location) VALUES ($1, $2, 'domain', 'e.com', 'exact', 'e.com', 'line 1')", [id, cid]);
        await s.query("INSERT INTO ioc_dropped (source_id, location, original, reason) VALUES ($1, 'line 2', 'x', 'y')", [id]);
        await s.query('DELETE FROM ioc_sources WHERE id = $1', [id]);
        for (const t of ['indicators', 'ioc_collections', 'ioc_dropped']) {
          const [{ n }] = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
          assert.equal(n, 0, t);
        }
      } finally {
        await s.close();
      }
    });
  });
}

describe('embedded store lock', () => {
  it('refuses a second process on the same folder and takes over a dead owner\'s lock', async () => {
    const { openPglite } = await import('../../src/store/index.ts');
    const { tempDir } = await import('../helpers/fixtures.ts');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = tempDir();
    const a = await openPglite(dir);
    // Another live process holds it (our parent stands in for one).
    fs.writeFileSync(path.join(dir, 'vigil.lock'), String(process.ppid));
    await assert.rejects(openPglite(dir), (e: unknown) => e instanceof StoreError && e.code === 'STORE_LOCKED');
    fs.writeFileSync(path.join(dir, 'vigil.lock'), String(process.pid));
    await a.close();
    assert.ok(!fs.existsSync(path.join(dir, 'vigil.lock')), 'closing releases the lock');
    // A lock left by a process that is gone does not block.
    fs.writeFileSync(path.join(dir, 'vigil.lock'), '999999999');
    const b = await openPglite(dir);
    await b.query('SELECT 1');
    await b.close();
  });
});
