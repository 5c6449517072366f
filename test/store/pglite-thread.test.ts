// The embedded store on its own thread: a transaction holds the store (a statement from outside
// waits for it), PostgreSQL's errors arrive with their codes, data written is there when opened
// again, and a program that never closes its store still ends.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../../src/core/index.ts';
import { migrate, openPglite } from '../../src/store/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const insert = (p: string) => `INSERT INTO ioc_sources (path, name, sha256, format, source_items) VALUES ('${p}', 'a', 'x', 'txt', 1)`;

describe('embedded store thread', () => {
  it('lets a statement from outside a transaction in only once the transaction has ended', async () => {
    const s = await openPglite();
    await migrate(s);
    try {
      const order: string[] = [];
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const tx = s.transaction(async (t) => {
        await t.query(insert('/in-tx'));
        order.push('tx wrote');
        await gate;
        order.push('tx ends');
      });
      // Asked while the transaction is open: it must see the committed row, not wait forever or see half.
      const outside = s.query<{ n: number }>('SELECT count(*)::int AS n FROM ioc_sources').then((r) => {
        order.push('outside read');
        return r[0].n;
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(order, ['tx wrote']);
      release();
      await tx;
      assert.equal(await outside, 1);
      assert.deepEqual(order, ['tx wrote', 'tx ends', 'outside read']);
    } finally {
      await s.close();
    }
  });

  it("brings PostgreSQL's error code back with the error, rolls back, and goes on", async () => {
    const s = await openPglite();
    await migrate(s);
    try {
      await s.query(insert('/dup'));
      const failed = await s.transaction(async (t) => {
        await t.query(insert('/kept-out'));
        await t.query(insert('/dup'));
      }).catch((e: unknown) => e);
      assert.ok(failed instanceof StoreError);
      assert.equal((failed.cause as { code?: string }).code, '23505');
      assert.deepEqual((await s.query<{ path: string }>('SELECT path FROM ioc_sources ORDER BY path')).map((r) => r.path), ['/dup']);
    } finally {
      await s.close();
    }
  });

  it('keeps what was written in its folder, and a program that never closes its store still ends', () => {
    const dir = tempDir();
    // A child that writes and then simply ends (no close): it must exit by itself, soon.
    const script = `import { migrate, openPglite } from './src/store/index.ts';
      const s = await openPglite(${JSON.stringify(dir)}); await migrate(s); await s.query(${JSON.stringify(insert('/child'))}); console.log('wrote');`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.match(out, /wrote/);
    // Its lock is left behind by a process now gone, which the next opener takes over.
    const again = `import { openPglite } from './src/store/index.ts';
      const s = await openPglite(${JSON.stringify(dir)}); console.log(JSON.stringify(await s.query('SELECT path FROM ioc_sources'))); await s.close();`;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', again], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })), [{ path: '/child' }]);
  });
});
